import { addDays, DEFAULT_LARGE_TRANSACTION_THRESHOLD, formatMoney } from "@tandem/shared";
import { and, eq, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../db/client";
import { categories, households, notificationPreferences, transactions, users } from "../db/schema";
import {
  indexPaymentHistory,
  isNews,
  largeMagnitude,
  merchantKey,
  type NewTransaction,
  type PastOutflow,
  RECENT_DAYS,
  unusualAgainst,
} from "../domain/notifications/transactions";
import { notify } from "./notify";

const t = transactions;
/** How far back "earlier payments at this merchant" reach. */
const HISTORY_DAYS = 400;
const keyOf = sql<string>`lower(trim(coalesce(${t.merchant}, ${t.description})))`;

/**
 * Large and unusual transactions among these new ones (see domain/notifications/
 * transactions for what counts). Idempotent: keys are `transaction:{id}:large` and
 * `transaction:{id}:unusual`, so a retried import, sync or POST notifies once.
 */
export async function raiseTransactionAlerts(
  db: Executor,
  householdId: string,
  ids: readonly string[],
  today: string,
): Promise<void> {
  const fresh = (await loadNew(db, householdId, ids, today)).filter((tx) => isNews(tx, today));
  if (fresh.length === 0) return;
  const [home] = await db
    .select({ baseCurrency: households.baseCurrency })
    .from(households)
    .where(eq(households.id, householdId));
  const [history, smallestLarge] = await Promise.all([
    loadHistory(db, householdId, fresh).then(indexPaymentHistory),
    smallestLargeThreshold(db, householdId),
  ]);
  for (const tx of fresh) {
    const magnitude = largeMagnitude(tx, home!.baseCurrency);
    if (magnitude !== null && smallestLarge !== null && magnitude >= smallestLarge) {
      await notifyLarge(db, householdId, tx, magnitude);
    }
    const typical = unusualAgainst(tx, history);
    if (typical !== null) await notifyUnusual(db, householdId, tx, typical);
  }
}

/**
 * The lowest large-transaction threshold of the members who want them (null: nobody does).
 * A sync can bring thousands of rows; only those above it are worth a notify() each.
 */
async function smallestLargeThreshold(db: Executor, householdId: string): Promise<number | null> {
  const [row] = rows<{ smallest: string | null }>(
    await db.execute(sql`
      select min(coalesce(p.threshold, ${DEFAULT_LARGE_TRANSACTION_THRESHOLD}::bigint))::text as smallest
        from ${users} u
        left join ${notificationPreferences} p
          on p.user_id = u.id and p.household_id = u.household_id and p.topic = 'large_transaction'
       where u.household_id = ${householdId} and coalesce(p.mode, 'on') <> 'off'`),
  );
  return row?.smallest == null ? null : Number(row.smallest);
}

async function loadNew(
  db: Executor,
  householdId: string,
  ids: readonly string[],
  today: string,
): Promise<NewTransaction[]> {
  // One array parameter, not an IN list: a first sync hands over 100,000 ids.
  const idArray = `{${[...new Set(ids)].join(",")}}`;
  return db
    .select({
      id: t.id,
      date: t.date,
      amount: t.amount,
      currency: t.currency,
      merchant: t.merchant,
      description: t.description,
      pending: t.pending,
      transfer: sql<boolean>`coalesce(${categories.kind} = 'transfer', false)`,
    })
    .from(t)
    .leftJoin(categories, eq(categories.id, t.categoryId))
    .where(
      and(
        eq(t.householdId, householdId),
        sql`${t.id} = any(${idArray}::uuid[])`,
        // isNews decides; this only spares loading the old rows a large sync brings.
        gte(t.date, addDays(today, -RECENT_DAYS)),
      ),
    );
}

/** Earlier posted outflows at the merchants of the new outflows, in one query. */
async function loadHistory(db: Executor, householdId: string, fresh: NewTransaction[]): Promise<PastOutflow[]> {
  const outflows = fresh.filter((tx) => tx.amount < 0);
  if (outflows.length === 0) return [];
  const keys = [...new Set(outflows.map(merchantKey))];
  const earliest = outflows.map((tx) => tx.date).sort()[0]!;
  const where: SQL[] = [
    eq(t.householdId, householdId),
    eq(t.pending, false),
    lt(t.amount, 0),
    gte(t.date, addDays(earliest, -HISTORY_DAYS)),
    inArray(keyOf, keys),
  ];
  const rows = await db
    .select({ merchantKey: keyOf, currency: t.currency, date: t.date, amount: t.amount })
    .from(t)
    .where(and(...where));
  return rows.map((r) => ({ ...r, amount: -r.amount }));
}

const payee = (tx: NewTransaction) => tx.merchant ?? tx.description;

function notifyLarge(db: Executor, householdId: string, tx: NewTransaction, magnitude: number) {
  const amount = formatMoney(magnitude, tx.currency);
  return notify(db, {
    householdId,
    kind: "large_transaction",
    topic: "large_transaction",
    dedupeKey: `transaction:${tx.id}:large`,
    title: tx.amount < 0 ? `${amount} paid to ${payee(tx)}` : `${amount} received from ${payee(tx)}`,
    body: `A large transaction on ${tx.date}.`,
    subject: { transactionId: tx.id },
    magnitude,
  });
}

function notifyUnusual(db: Executor, householdId: string, tx: NewTransaction, typical: number) {
  return notify(db, {
    householdId,
    kind: "unusual_transaction",
    topic: "unusual_transaction",
    dedupeKey: `transaction:${tx.id}:unusual`,
    title: `Unusual payment to ${payee(tx)}`,
    body: `${formatMoney(-tx.amount, tx.currency)} on ${tx.date}; payments there are usually about ${formatMoney(typical, tx.currency)}.`,
    subject: { transactionId: tx.id },
  });
}
