import type { Settlement, SettleUp } from "@tandem/shared";
import { and, asc, desc, eq, gte, isNull, lte, not, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { accounts, categories, settlements, transactions, users } from "../db/schema";
import { balances } from "../domain/splits/balance";
import { resolveShare } from "../domain/splits/share";

export interface SettleUpRange {
  /** Inclusive; null: from the household's first transaction. */
  from: string | null;
  /** Inclusive. */
  to: string;
  /** How many of the transactions behind the balance to list (newest first); 0 lists none. */
  limit: number;
}

type SettlementRow = typeof settlements.$inferSelect;

export function toSettlement(row: SettlementRow): Settlement {
  return {
    id: row.id,
    fromMemberId: row.fromUserId,
    toMemberId: row.toUserId,
    amount: row.amount,
    currency: row.currency,
    date: row.date,
    note: row.note,
    transactionId: row.transactionId,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

const inRange = (column: typeof transactions.date | typeof settlements.date, range: SettleUpRange) =>
  and(range.from ? gte(column, range.from) : undefined, lte(column, range.to));

/**
 * The transactions that can move money between the members: posted, not a transfer between
 * the household's own accounts (unless a member split it on purpose), not itself a recorded
 * settlement, and not the plain case (a member's own account, no split anywhere), which
 * always nets to zero and is most of a household's history.
 */
function candidates(householdId: string, range: SettleUpRange): SQL {
  const t = transactions;
  const plainOwn = and(
    isNull(t.split),
    isNull(t.payer),
    isNull(categories.defaultSplit),
    isNull(accounts.defaultSplit),
    sql`${accounts.ownerId} is not null`,
  );
  return and(
    eq(t.householdId, householdId),
    eq(t.pending, false),
    inRange(t.date, range),
    or(sql`${t.split} is not null`, sql`${categories.kind} is distinct from 'transfer'`),
    not(plainOwn!),
    sql`not exists (select 1 from ${settlements} s where s.household_id = ${t.householdId} and s.transaction_id = ${t.id})`,
  )!;
}

async function sharedTransactions(db: Executor, householdId: string, members: string[], range: SettleUpRange) {
  const rows = await db
    .select({
      id: transactions.id,
      date: transactions.date,
      description: transactions.description,
      merchant: transactions.merchant,
      accountId: transactions.accountId,
      amount: transactions.amount,
      currency: transactions.currency,
      split: transactions.split,
      payer: transactions.payer,
      accountOwnerId: accounts.ownerId,
      accountSplit: accounts.defaultSplit,
      categorySplit: categories.defaultSplit,
    })
    .from(transactions)
    .innerJoin(accounts, and(eq(accounts.id, transactions.accountId), eq(accounts.householdId, householdId)))
    .leftJoin(categories, and(eq(categories.id, transactions.categoryId), eq(categories.householdId, householdId)))
    .where(candidates(householdId, range))
    .orderBy(desc(transactions.date), desc(transactions.id));
  return rows
    .map((row) => ({
      row,
      share: resolveShare({
        amount: row.amount,
        members,
        accountOwnerId: row.accountOwnerId,
        payer: row.payer,
        split: row.split,
        categorySplit: row.categorySplit,
        accountSplit: row.accountSplit,
      }),
    }))
    .filter(({ share }) => share.effect.some((e) => e.amount !== 0));
}

type SharedTransaction = Awaited<ReturnType<typeof sharedTransactions>>[number];

const toItem = ({ row, share }: SharedTransaction) => ({
  transactionId: row.id,
  date: row.date,
  description: row.description,
  merchant: row.merchant,
  accountId: row.accountId,
  amount: row.amount,
  currency: row.currency,
  payer: share.payer,
  split: share.split,
  splitSource: share.splitSource,
  effect: share.effect,
});

/** Who owes whom per currency over a date range, with the transactions and settlements behind it. */
export async function settleUp(db: Executor, householdId: string, range: SettleUpRange): Promise<SettleUp> {
  const memberRows = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(eq(users.householdId, householdId))
    .orderBy(asc(users.createdAt), asc(users.id));
  const members = memberRows.map((m) => m.id);
  const [shared, settled] = await Promise.all([
    sharedTransactions(db, householdId, members, range),
    db
      .select()
      .from(settlements)
      .where(and(eq(settlements.householdId, householdId), inRange(settlements.date, range)))
      .orderBy(desc(settlements.date), desc(settlements.createdAt)),
  ]);
  const effects = shared.map(({ row, share }) => ({ currency: row.currency, effect: share.effect }));
  const moves = settled.map((s) => ({ ...s, fromMemberId: s.fromUserId, toMemberId: s.toUserId }));
  return {
    from: range.from,
    to: range.to,
    members: memberRows,
    balances: balances(members, effects, moves),
    items: shared.slice(0, range.limit).map(toItem),
    itemCount: shared.length,
    settlements: settled.map(toSettlement),
  };
}
