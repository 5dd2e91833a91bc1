import { toIsoDate } from "@tandem/shared";
import { eq, sql } from "drizzle-orm";
import type { PlaidApi } from "plaid";
import { checkBudgetAlerts } from "../../budgets/status";
import type { KeyRing } from "../../crypto/fernet";
import type { Database } from "../../db/client";
import { plaidItems, plaidSyncRuns } from "../../db/schema";
import { describeError, log } from "../../lib/log";
import { notify } from "../../notifications/notify";
import { raiseTransactionAlerts } from "../../notifications/transactions";
import { type ApplyCounts, applyUpdate } from "./apply";
import { fetchUpdate } from "./fetch";
import { PlaidCallError, type RetryPolicy } from "./retry";

export type SyncTrigger = "link" | "webhook" | "manual" | "periodic" | "relogin";

export interface SyncEnv {
  db: Database;
  plaid: PlaidApi;
  keyRing: KeyRing;
  retry: RetryPolicy;
  now: () => Date;
  /** Called after a sync that changed rows (the dashboard rebuild hook listens here). */
  onDataChanged?: (householdId: string) => void;
}

export interface SyncOutcome extends ApplyCounts {
  itemId: string;
  status: "success" | "error" | "skipped";
  errorCode?: string;
  pages: number;
  restarts: number;
  retries: number;
  durationMs: number;
}

const NOTHING_DONE = { added: 0, modified: 0, removed: 0, skipped: 0, pages: 0, restarts: 0, retries: 0 } as const;

// A fixed namespace for the two-key advisory lock: (namespace, hash of the item id).
const SYNC_LOCK_NAMESPACE = 7_261_640;
// Healthy again after a good sync; states that need a person (expiry, revocation) stay.
const CLEARED_BY_SUCCESS = new Set(["healthy", "login_required", "error"]);

/**
 * One sync of one item, all or nothing: the lock, the cursor read, every page, the
 * writes and the new cursor share one database transaction. Another process syncing
 * the same item waits on the lock; a process killed mid-sync leaves no trace.
 */
export async function syncItem(env: SyncEnv, itemId: string, trigger: SyncTrigger): Promise<SyncOutcome> {
  const startedAt = env.now();
  const clock = performance.now();
  const elapsed = () => Math.round(performance.now() - clock);
  let householdId: string | null = null;
  try {
    const outcome = await env.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${SYNC_LOCK_NAMESPACE}, hashtext(${itemId}))`);
      const [item] = await tx.select().from(plaidItems).where(eq(plaidItems.id, itemId));
      if (!item || item.status === "removed") return null;
      householdId = item.householdId;
      const update = await fetchUpdate(
        env.plaid,
        env.keyRing.decrypt(item.accessTokenEncrypted),
        item.cursor,
        env.retry,
      );
      const { addedIds, ...counts } = await applyUpdate(tx, item, update);
      const now = env.now();
      await tx
        .update(plaidItems)
        .set({
          cursor: update.nextCursor,
          lastSyncAt: now,
          lastSuccessAt: now,
          updatedAt: now,
          ...(CLEARED_BY_SUCCESS.has(item.status)
            ? { status: "healthy" as const, errorCode: null, errorMessage: null }
            : {}),
        })
        .where(eq(plaidItems.id, itemId));
      const result: SyncOutcome = { itemId, status: "success", ...counts, ...pick(update), durationMs: elapsed() };
      await tx.insert(plaidSyncRuns).values(runRow(item.householdId, result, trigger, startedAt));
      return { result, householdId: item.householdId, addedIds };
    });
    if (!outcome) return { itemId, status: "skipped", ...NOTHING_DONE, durationMs: elapsed() };
    const { result } = outcome;
    log("info", "plaid sync finished", {
      itemId,
      trigger,
      added: result.added,
      modified: result.modified,
      removed: result.removed,
      pages: result.pages,
      restarts: result.restarts,
      retries: result.retries,
      durationMs: result.durationMs,
    });
    if (result.added + result.modified + result.removed > 0) {
      env.onDataChanged?.(outcome.householdId);
      await raiseAlertsAfterSync(env, outcome.householdId, outcome.addedIds);
    }
    return result;
  } catch (error) {
    return recordFailure(env, itemId, householdId, trigger, startedAt, error, elapsed());
  }
}

/**
 * New spending can cross a budget's 80% or 100%, and new transactions can be large or
 * unusual; the alerts must not fail a sync that committed.
 */
async function raiseAlertsAfterSync(env: SyncEnv, householdId: string, addedIds: string[]) {
  const today = toIsoDate(env.now());
  try {
    await checkBudgetAlerts(env.db, householdId, { date: today });
  } catch (error) {
    log("error", "budget alerts after sync failed", { householdId, ...describeError(error) });
  }
  try {
    await raiseTransactionAlerts(env.db, householdId, addedIds, today);
  } catch (error) {
    log("error", "transaction alerts after sync failed", { householdId, ...describeError(error) });
  }
}

function pick(update: { pages: number; restarts: number; retries: number }) {
  return { pages: update.pages, restarts: update.restarts, retries: update.retries };
}

function runRow(householdId: string, r: SyncOutcome, trigger: SyncTrigger, startedAt: Date) {
  return {
    householdId,
    itemId: r.itemId,
    trigger,
    status: r.status,
    added: r.added,
    modified: r.modified,
    removed: r.removed,
    skipped: r.skipped,
    pages: r.pages,
    restarts: r.restarts,
    retries: r.retries,
    errorCode: r.errorCode ?? null,
    startedAt,
    durationMs: r.durationMs,
  };
}

async function recordFailure(
  env: SyncEnv,
  itemId: string,
  knownHousehold: string | null,
  trigger: SyncTrigger,
  startedAt: Date,
  error: unknown,
  durationMs: number,
): Promise<SyncOutcome> {
  const failure =
    error instanceof PlaidCallError
      ? error.failure
      : { errorCode: "SYNC_FAILED", message: "The sync failed inside Tandem; see the server log", status: null };
  if (!(error instanceof PlaidCallError)) {
    // A query error's message is the SQL with its parameters (the bank's transactions);
    // describeError keeps the driver's reason only.
    log("error", "plaid sync failed", { itemId, ...describeError(error) });
  }
  const result: SyncOutcome = { itemId, status: "error", errorCode: failure.errorCode, ...NOTHING_DONE, durationMs };
  const [item] = await env.db.select().from(plaidItems).where(eq(plaidItems.id, itemId));
  const householdId = knownHousehold ?? item?.householdId;
  if (!item || !householdId) return result;
  const loginRequired = failure.errorCode === "ITEM_LOGIN_REQUIRED";
  const now = env.now();
  await env.db
    .update(plaidItems)
    .set({
      lastSyncAt: now,
      lastErrorAt: now,
      errorCode: failure.errorCode,
      errorMessage: failure.message.slice(0, 500),
      updatedAt: now,
      ...(loginRequired ? { status: "login_required" as const } : {}),
    })
    .where(eq(plaidItems.id, itemId));
  await env.db.insert(plaidSyncRuns).values(runRow(householdId, result, trigger, startedAt));
  if (loginRequired) await notifyRelogin(env.db, item);
  else await notifySyncError(env.db, item);
  return result;
}

/** One notification per episode: a later successful sync starts a new one. */
export async function notifyRelogin(db: Database, item: typeof plaidItems.$inferSelect) {
  await notify(db, {
    householdId: item.householdId,
    kind: "bank_relogin",
    topic: "bank",
    dedupeKey: `plaid:${item.id}:relogin:${item.lastSuccessAt?.toISOString() ?? "never"}`,
    title: `${item.institutionName ?? "Your bank"} needs you to sign in again`,
    body: "New transactions will not arrive until a member signs in to the bank again from the Banks page.",
  });
}

/** Any other failed sync: once per episode, whatever the error codes of its retries. */
async function notifySyncError(db: Database, item: typeof plaidItems.$inferSelect) {
  await notify(db, {
    householdId: item.householdId,
    kind: "sync_error",
    topic: "bank",
    dedupeKey: `plaid:${item.id}:sync-error:${item.lastSuccessAt?.toISOString() ?? "never"}`,
    title: `${item.institutionName ?? "A bank"} could not be synced`,
    body: "Tandem will keep trying; new transactions may be late until a sync succeeds.",
    subject: { itemId: item.id },
  });
}
