import type { PlaidItem } from "@tandem/shared";
import { and, desc, eq } from "drizzle-orm";
import { type CountryCode, type LinkTokenCreateRequest, Products } from "plaid";
import type { Database } from "../db/client";
import { accounts, plaidItems, plaidSyncRuns } from "../db/schema";
import { ApiError, notFound } from "../lib/problem";
import { describePlaidError } from "./client";
import type { PlaidService } from "./service";

type ItemRow = typeof plaidItems.$inferSelect;
const NEEDS_PERSON = new Set(["login_required", "pending_expiration", "pending_disconnect", "permission_revoked"]);

/** States only a member can fix, by signing in to the bank again (Link update mode). */
export const needsRelogin = (status: ItemRow["status"]) => NEEDS_PERSON.has(status);

/** Plaid's own message goes to the member; the SDK error object never leaves this function. */
function plaidProblem(error: unknown, what: string): ApiError {
  const failure = describePlaidError(error);
  const status = failure.status !== null && failure.status < 500 ? 400 : 502;
  return new ApiError(status, "plaid_error", `${what}: ${failure.message} (${failure.errorCode})`);
}

export function toPlaidItem(row: ItemRow, accountIds: string[]): PlaidItem {
  return {
    id: row.id,
    institutionId: row.institutionId,
    institutionName: row.institutionName,
    status: row.status,
    needsRelogin: needsRelogin(row.status),
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    lastSyncAt: row.lastSyncAt?.toISOString() ?? null,
    lastSuccessAt: row.lastSuccessAt?.toISOString() ?? null,
    lastErrorAt: row.lastErrorAt?.toISOString() ?? null,
    accountIds,
    linkedBy: row.linkedBy,
    createdAt: row.createdAt.toISOString(),
    removedAt: row.removedAt?.toISOString() ?? null,
  };
}

export async function findItem(db: Database, householdId: string, id: string): Promise<ItemRow> {
  const [row] = await db
    .select()
    .from(plaidItems)
    .where(and(eq(plaidItems.id, id), eq(plaidItems.householdId, householdId)));
  if (!row) throw notFound("Bank connection");
  return row;
}

export async function createLinkToken(
  plaid: PlaidService,
  db: Database,
  householdId: string,
  userId: string,
  itemId?: string,
) {
  const item = itemId ? await findItem(db, householdId, itemId) : null;
  if (item?.status === "removed")
    throw new ApiError(409, "item_removed", "This bank connection was removed; link the bank again");
  const request: LinkTokenCreateRequest = {
    user: { client_user_id: userId },
    client_name: "Tandem",
    language: "en",
    country_codes: plaid.settings.countryCodes as CountryCode[],
    ...(plaid.settings.webhookUrl ? { webhook: plaid.settings.webhookUrl } : {}),
    ...(plaid.settings.redirectUri ? { redirect_uri: plaid.settings.redirectUri } : {}),
    ...(item
      ? { access_token: plaid.keyRing.decrypt(item.accessTokenEncrypted) }
      : { products: [Products.Transactions], transactions: { days_requested: 730 } }),
  };
  try {
    const { data } = await plaid.client.linkTokenCreate(request);
    return {
      linkToken: data.link_token,
      expiration: data.expiration,
      mode: item ? ("update" as const) : ("create" as const),
    };
  } catch (error) {
    throw plaidProblem(error, "Plaid could not start Link");
  }
}

/**
 * Exchanges Link's public token, stores the item with its access token encrypted, and
 * queues the first sync. Linking the same bank login again updates the stored token.
 */
export async function exchangePublicToken(
  plaid: PlaidService,
  db: Database,
  householdId: string,
  userId: string,
  input: { publicToken: string; institution?: { id: string; name: string } | undefined },
): Promise<PlaidItem> {
  let exchanged: { access_token: string; item_id: string };
  let institution = input.institution ?? null;
  try {
    ({ data: exchanged } = await plaid.client.itemPublicTokenExchange({ public_token: input.publicToken }));
    if (!institution) {
      const { data } = await plaid.client.itemGet({ access_token: exchanged.access_token });
      const id = data.item.institution_id ?? null;
      institution = id ? { id, name: data.item.institution_name ?? id } : null;
    }
  } catch (error) {
    throw plaidProblem(error, "Plaid could not link this bank");
  }
  const accessTokenEncrypted = plaid.keyRing.encrypt(exchanged.access_token);
  const [existing] = await db.select().from(plaidItems).where(eq(plaidItems.plaidItemId, exchanged.item_id));
  if (existing && existing.householdId !== householdId) {
    throw new ApiError(409, "item_linked_elsewhere", "This bank login is already linked to another household");
  }
  const values = {
    householdId,
    linkedBy: userId,
    plaidItemId: exchanged.item_id,
    accessTokenEncrypted,
    institutionId: institution?.id ?? null,
    institutionName: institution?.name ?? null,
  };
  const [row] = await db
    .insert(plaidItems)
    .values(values)
    .onConflictDoUpdate({
      target: plaidItems.plaidItemId,
      set: {
        accessTokenEncrypted,
        status: "healthy",
        removedAt: null,
        errorCode: null,
        errorMessage: null,
        updatedAt: new Date(),
      },
    })
    .returning();
  void plaid.queue.request(row!.id, "link");
  return toPlaidItem(row!, []);
}

export async function listItems(db: Database, householdId: string): Promise<PlaidItem[]> {
  const items = await db
    .select()
    .from(plaidItems)
    .where(eq(plaidItems.householdId, householdId))
    .orderBy(plaidItems.createdAt);
  const linked = await db
    .select({ id: accounts.id, itemId: accounts.plaidItemId })
    .from(accounts)
    .where(eq(accounts.householdId, householdId))
    .orderBy(accounts.name, accounts.id);
  return items.map((item) =>
    toPlaidItem(
      item,
      linked.filter((a) => a.itemId === item.id).map((a) => a.id),
    ),
  );
}

/** Unlinks at Plaid; the accounts and their transactions stay as history. */
export async function removeItem(plaid: PlaidService, db: Database, householdId: string, id: string, now: Date) {
  const item = await findItem(db, householdId, id);
  if (item.status === "removed") return;
  try {
    await plaid.client.itemRemove({ access_token: plaid.keyRing.decrypt(item.accessTokenEncrypted) });
  } catch (error) {
    const failure = describePlaidError(error);
    // Already gone at Plaid is the outcome we want; anything else is worth retrying later.
    if (!["ITEM_NOT_FOUND", "INVALID_ACCESS_TOKEN"].includes(failure.errorCode))
      throw plaidProblem(error, "Plaid could not unlink this bank");
  }
  await db
    .update(plaidItems)
    .set({ status: "removed", removedAt: now, accessTokenEncrypted: "", cursor: null, updatedAt: now })
    .where(and(eq(plaidItems.id, id), eq(plaidItems.householdId, householdId)));
}

export async function listSyncRuns(db: Database, householdId: string, itemId: string, limit = 50) {
  await findItem(db, householdId, itemId);
  const runs = await db
    .select()
    .from(plaidSyncRuns)
    .where(and(eq(plaidSyncRuns.householdId, householdId), eq(plaidSyncRuns.itemId, itemId)))
    .orderBy(desc(plaidSyncRuns.startedAt))
    .limit(limit);
  return runs.map(({ householdId: _h, itemId: _i, startedAt, ...run }) => ({
    ...run,
    startedAt: startedAt.toISOString(),
  }));
}

/**
 * Called when a member finishes Link in update mode. Plaid is asked whether the item is
 * sound now (no webhook tells us for expiring consent), and a sound item syncs at once.
 */
export async function markRepaired(plaid: PlaidService, db: Database, householdId: string, id: string, now: Date) {
  const item = await findItem(db, householdId, id);
  if (item.status === "removed") throw new ApiError(409, "item_removed", "This bank connection was removed");
  let itemError: string | null;
  try {
    const { data } = await plaid.client.itemGet({ access_token: plaid.keyRing.decrypt(item.accessTokenEncrypted) });
    itemError = data.item.error?.error_code ?? null;
  } catch (error) {
    const failure = describePlaidError(error);
    if (failure.status === null || failure.status >= 500) throw plaidProblem(error, "Plaid could not check this bank");
    itemError = failure.errorCode;
  }
  const [row] = await db
    .update(plaidItems)
    .set(
      itemError
        ? { status: "login_required", errorCode: itemError, lastErrorAt: now, updatedAt: now }
        : { status: "healthy", errorCode: null, errorMessage: null, updatedAt: now },
    )
    .where(and(eq(plaidItems.id, id), eq(plaidItems.householdId, householdId)))
    .returning();
  if (!itemError) void plaid.queue.request(id, "relogin");
  return toPlaidItem(row!, []);
}
