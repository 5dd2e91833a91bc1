import type { Settlement, SettleUp } from "@tandem/shared";
import { and, asc, desc, eq, gte, isNull, lte, not, or, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { accounts, categories, settlements, transactions, users } from "../db/schema";
import { balances } from "../domain/splits/balance";
import { resolveShare, type Share, type ShareInput } from "../domain/splits/share";

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

/** Everything a transaction's share is decided from, as selected for resolveShare. */
const shareColumns = {
  amount: transactions.amount,
  currency: transactions.currency,
  split: transactions.split,
  payer: transactions.payer,
  accountOwnerId: accounts.ownerId,
  accountSplit: accounts.defaultSplit,
  categorySplit: categories.defaultSplit,
};

type ShareRow = Omit<ShareInput, "members"> & { currency: string };

const shareOf = (row: ShareRow, members: string[]) =>
  resolveShare({
    amount: row.amount,
    members,
    accountOwnerId: row.accountOwnerId,
    payer: row.payer,
    split: row.split,
    categorySplit: row.categorySplit,
    accountSplit: row.accountSplit,
  });

const movesMoney = (share: Share) => share.effect.some((e) => e.amount !== 0);

const ownAccount = (householdId: string) =>
  and(eq(accounts.id, transactions.accountId), eq(accounts.householdId, householdId));
const ownCategory = (householdId: string) =>
  and(eq(categories.id, transactions.categoryId), eq(categories.householdId, householdId));

/**
 * The candidates grouped by everything their share depends on, each group's share
 * resolved once. A transaction's share rounds on its own amount, so rows with the same
 * inputs have the same effect, and a million rows become a few thousand groups instead
 * of a million objects in memory.
 */
async function shareGroups(db: Executor, householdId: string, members: string[], range: SettleUpRange) {
  const groups = await db
    .select({ ...shareColumns, count: sql<number>`count(*)::int` })
    .from(transactions)
    .innerJoin(accounts, ownAccount(householdId))
    .leftJoin(categories, ownCategory(householdId))
    .where(candidates(householdId, range))
    .groupBy(...Object.values(shareColumns));
  return groups
    .map((group) => ({ currency: group.currency, count: group.count, share: shareOf(group, members) }))
    .filter(({ share }) => movesMoney(share));
}

/** The newest `limit` transactions that move money, walked page by page along (date, id). */
async function newestShared(db: Executor, householdId: string, members: string[], range: SettleUpRange) {
  const found: SharedTransaction[] = [];
  const pageSize = Math.max(range.limit, 100);
  let after: { date: string; id: string } | null = null;
  while (found.length < range.limit) {
    const page: SharedTransaction["row"][] = await db
      .select({
        ...shareColumns,
        id: transactions.id,
        date: transactions.date,
        description: transactions.description,
        merchant: transactions.merchant,
        accountId: transactions.accountId,
      })
      .from(transactions)
      .innerJoin(accounts, ownAccount(householdId))
      .leftJoin(categories, ownCategory(householdId))
      .where(
        and(
          candidates(householdId, range),
          after
            ? sql`(${transactions.date}, ${transactions.id}) < (${after.date}::date, ${after.id}::uuid)`
            : undefined,
        ),
      )
      .orderBy(desc(transactions.date), desc(transactions.id))
      .limit(pageSize);
    for (const row of page) {
      const share = shareOf(row, members);
      if (movesMoney(share) && found.length < range.limit) found.push({ row, share });
    }
    if (page.length < pageSize) break;
    after = page[page.length - 1]!;
  }
  return found;
}

interface SharedTransaction {
  row: ShareRow & { id: string; date: string; description: string; merchant: string | null; accountId: string };
  share: Share;
}

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
  const [groups, newest, settled] = await Promise.all([
    shareGroups(db, householdId, members, range),
    range.limit > 0 ? newestShared(db, householdId, members, range) : [],
    db
      .select()
      .from(settlements)
      .where(and(eq(settlements.householdId, householdId), inRange(settlements.date, range)))
      .orderBy(desc(settlements.date), desc(settlements.createdAt)),
  ]);
  const effects = groups.map(({ currency, count, share }) => ({ currency, count, effect: share.effect }));
  const moves = settled.map((s) => ({ ...s, fromMemberId: s.fromUserId, toMemberId: s.toUserId }));
  return {
    from: range.from,
    to: range.to,
    members: memberRows,
    balances: balances(members, effects, moves),
    items: newest.map(toItem),
    itemCount: groups.reduce((sum, group) => sum + group.count, 0),
    settlements: settled.map(toSettlement),
  };
}
