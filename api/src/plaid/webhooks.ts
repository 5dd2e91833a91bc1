import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { plaidItems, plaidWebhooks } from "../db/schema";
import { notify } from "../notifications/notify";
import type { PlaidService } from "./service";
import { notifyRelogin } from "./sync/run";

export interface PlaidWebhookBody {
  webhook_type?: unknown;
  webhook_code?: unknown;
  item_id?: unknown;
  error?: { error_code?: unknown } | null;
  [key: string]: unknown;
}

type ItemStatus = (typeof plaidItems.$inferSelect)["status"];

const ITEM_STATES: Record<string, { status: ItemStatus; title: string; body: string }> = {
  PENDING_EXPIRATION: {
    status: "pending_expiration",
    title: "A bank connection will expire soon",
    body: "Sign in to the bank again from the Banks page to keep transactions arriving.",
  },
  PENDING_DISCONNECT: {
    status: "pending_disconnect",
    title: "A bank connection is about to disconnect",
    body: "Sign in to the bank again from the Banks page to keep transactions arriving.",
  },
  USER_PERMISSION_REVOKED: {
    status: "permission_revoked",
    title: "Access to a bank was revoked",
    body: "The bank says access was withdrawn. Link it again if you want its transactions in Tandem.",
  },
};

/**
 * Acts on a verified webhook and keeps it for audit. Syncs are queued, not awaited, so
 * Plaid gets its answer in milliseconds. `receivedAt` (performance.now() when the request
 * came in) lets a sync that started after it answer it, so duplicates coalesce.
 */
export async function handlePlaidWebhook(
  db: Database,
  plaid: PlaidService,
  body: PlaidWebhookBody,
  now: Date,
  receivedAt: number = performance.now(),
) {
  const type = String(body.webhook_type ?? "");
  const code = String(body.webhook_code ?? "");
  const plaidItemId = typeof body.item_id === "string" ? body.item_id : null;
  const [item] = plaidItemId ? await db.select().from(plaidItems).where(eq(plaidItems.plaidItemId, plaidItemId)) : [];
  const outcome =
    item && item.status !== "removed"
      ? await act(db, plaid, item, type, code, body, now, receivedAt)
      : "ignored: unknown item";
  await db.insert(plaidWebhooks).values({
    householdId: item?.householdId ?? null,
    plaidItemId,
    webhookType: type.slice(0, 100),
    webhookCode: code.slice(0, 100),
    payload: body,
    outcome,
  });
  return outcome;
}

async function act(
  db: Database,
  plaid: PlaidService,
  item: typeof plaidItems.$inferSelect,
  type: string,
  code: string,
  body: PlaidWebhookBody,
  now: Date,
  receivedAt: number,
): Promise<string> {
  if (type === "TRANSACTIONS" && (code === "SYNC_UPDATES_AVAILABLE" || code === "DEFAULT_UPDATE")) {
    void plaid.queue.request(item.id, "webhook", receivedAt);
    return "sync queued";
  }
  if (type !== "ITEM") return "ignored";
  if (code === "ERROR") {
    const errorCode = typeof body.error?.error_code === "string" ? body.error.error_code : "ITEM_ERROR";
    const loginRequired = errorCode === "ITEM_LOGIN_REQUIRED";
    await db
      .update(plaidItems)
      .set({ status: loginRequired ? "login_required" : "error", errorCode, lastErrorAt: now, updatedAt: now })
      .where(eq(plaidItems.id, item.id));
    if (loginRequired) await notifyRelogin(db, item);
    else {
      await notify(db, {
        householdId: item.householdId,
        kind: "bank_error",
        topic: "bank",
        dedupeKey: `plaid:${item.id}:error:${errorCode}:${item.lastSuccessAt?.toISOString() ?? "never"}`,
        title: `${item.institutionName ?? "A bank"} reported a problem`,
        body: `Plaid says ${errorCode}. Transactions may be late until it clears.`,
      });
    }
    return `item marked ${loginRequired ? "login_required" : "error"}`;
  }
  const state = ITEM_STATES[code];
  if (state) {
    await db.update(plaidItems).set({ status: state.status, updatedAt: now }).where(eq(plaidItems.id, item.id));
    await notify(db, {
      householdId: item.householdId,
      kind: "bank_connection",
      topic: "bank",
      dedupeKey: `plaid:${item.id}:${code}:${item.lastSuccessAt?.toISOString() ?? "never"}`,
      title: state.title,
      body: state.body,
    });
    return `item marked ${state.status}`;
  }
  if (code === "LOGIN_REPAIRED") {
    await db
      .update(plaidItems)
      .set({ status: "healthy", errorCode: null, errorMessage: null, updatedAt: now })
      .where(eq(plaidItems.id, item.id));
    void plaid.queue.request(item.id, "relogin");
    return "item repaired, sync queued";
  }
  return "ignored";
}
