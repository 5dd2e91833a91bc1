import { type Account, type AccountType, type SplitInput, safeMinor } from "@tandem/shared";
import { and, eq, sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "../db/client";
import { accounts, transactions, users } from "../db/schema";
import { ApiError, notFound } from "../lib/problem";
import { storedDefaultSplit } from "../splits/splits";

type AccountRow = typeof accounts.$inferSelect;
interface Totals {
  posted: string;
  pending: string;
  count: number;
}

/** Sums arrive as exact numeric text; a total JSON cannot carry exactly is an error, not a rounding. */
const exactMinor = (total: bigint) => safeMinor(total, "account total");

function toAccount(row: AccountRow, totals: Totals): Account {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    institution: row.institution,
    currency: row.currency,
    openingBalance: row.openingBalance,
    ownerId: row.ownerId,
    archived: row.archived,
    defaultSplit: row.defaultSplit ?? null,
    balance: exactMinor(BigInt(row.openingBalance) + BigInt(totals.posted)),
    pendingAmount: exactMinor(BigInt(totals.pending)),
    transactionCount: totals.count,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Balances are derived, never stored: opening balance plus posted transactions. */
async function totalsByAccount(db: Executor, householdId: string, accountId?: string): Promise<Map<string, Totals>> {
  const result = await db.execute(sql`
    select account_id,
           coalesce(sum(amount) filter (where not pending), 0)::text as posted,
           coalesce(sum(amount) filter (where pending), 0)::text as pending,
           count(*)::int as count
      from ${transactions}
     where household_id = ${householdId} ${accountId ? sql`and account_id = ${accountId}` : sql``}
     group by account_id`);
  const totals = new Map<string, Totals>();
  for (const row of rows<Totals & { account_id: string }>(result)) totals.set(row.account_id, row);
  return totals;
}

const NO_TOTALS: Totals = { posted: "0", pending: "0", count: 0 };

export async function listAccounts(db: Executor, householdId: string): Promise<Account[]> {
  const [list, totals] = await Promise.all([
    db.select().from(accounts).where(eq(accounts.householdId, householdId)).orderBy(accounts.name, accounts.id),
    totalsByAccount(db, householdId),
  ]);
  return list.map((row) => toAccount(row, totals.get(row.id) ?? NO_TOTALS));
}

export async function findAccountRow(db: Executor, householdId: string, id: string): Promise<AccountRow> {
  const [row] = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, id), eq(accounts.householdId, householdId)));
  if (!row) throw notFound("Account");
  return row;
}

export async function getAccount(db: Executor, householdId: string, id: string): Promise<Account> {
  const row = await findAccountRow(db, householdId, id);
  const totals = await totalsByAccount(db, householdId, id);
  return toAccount(row, totals.get(id) ?? NO_TOTALS);
}

async function assertOwner(db: Executor, householdId: string, ownerId: string | null | undefined) {
  if (!ownerId) return;
  const [member] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, ownerId), eq(users.householdId, householdId)));
  if (!member) {
    throw new ApiError(422, "unknown_member", "ownerId is not a member of this household", [
      { path: "ownerId", message: "no such member" },
    ]);
  }
}

export interface AccountInput {
  name: string;
  type: AccountType;
  institution?: string | null | undefined;
  currency: string;
  openingBalance: number;
  ownerId: string | null;
  defaultSplit?: SplitInput | null | undefined;
}

export async function createAccount(db: Database, householdId: string, input: AccountInput): Promise<Account> {
  await assertOwner(db, householdId, input.ownerId);
  const defaultSplit = await storedDefaultSplit(db, householdId, input.defaultSplit);
  const [row] = await db
    .insert(accounts)
    .values({ householdId, ...input, institution: input.institution ?? null, defaultSplit: defaultSplit ?? null })
    .returning();
  return toAccount(row!, NO_TOTALS);
}

export type AccountChanges = Partial<Omit<AccountInput, "currency"> & { archived: boolean }>;

export async function updateAccount(db: Database, householdId: string, id: string, changes: AccountChanges) {
  await findAccountRow(db, householdId, id);
  await assertOwner(db, householdId, changes.ownerId);
  const defaultSplit = await storedDefaultSplit(db, householdId, changes.defaultSplit);
  await db
    .update(accounts)
    .set({ ...changes, defaultSplit, updatedAt: sql`now()` })
    .where(and(eq(accounts.id, id), eq(accounts.householdId, householdId)));
  return getAccount(db, householdId, id);
}

/** Only an empty account can be deleted; one with history is archived instead. */
export async function deleteAccount(db: Database, householdId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await findAccountRow(tx, householdId, id);
    const [used] = await tx
      .select({ id: transactions.id })
      .from(transactions)
      .where(and(eq(transactions.householdId, householdId), eq(transactions.accountId, id)))
      .limit(1);
    if (used) {
      throw new ApiError(
        409,
        "account_has_transactions",
        "This account has transactions; archive it instead (PATCH archived: true)",
      );
    }
    await tx.delete(accounts).where(and(eq(accounts.id, id), eq(accounts.householdId, householdId)));
  });
}
