import { randomUUID } from "node:crypto";
import { isIsoDate, type ListTransactionsQuery, type Transaction } from "@tandem/shared";
import { and, asc, desc, eq, gte, ilike, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/client";
import { categories, searchText, transactions } from "../db/schema";
import { CursorError, decodeCursor, paginate } from "../domain/keyset";
import { ApiError, notFound } from "../lib/problem";
import { findAccountRow } from "./accounts";

type TransactionRow = typeof transactions.$inferSelect;

export function toTransaction(row: TransactionRow): Transaction {
  return {
    id: row.id,
    accountId: row.accountId,
    date: row.date,
    amount: row.amount,
    currency: row.currency,
    description: row.description,
    merchant: row.merchant,
    categoryId: row.categoryId,
    categorySource: row.categorySource,
    categorisedBy: row.categorisedBy,
    notes: row.notes,
    source: row.source,
    sourceId: row.sourceId,
    pending: row.pending,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

function filters(householdId: string, q: ListTransactionsQuery): SQL[] {
  const t = transactions;
  const where: (SQL | undefined)[] = [
    eq(t.householdId, householdId),
    q.from ? gte(t.date, q.from) : undefined,
    q.to ? lte(t.date, q.to) : undefined,
    q.accountId ? eq(t.accountId, q.accountId) : undefined,
    q.categoryId ? eq(t.categoryId, q.categoryId) : undefined,
    q.uncategorised === true ? isNull(t.categoryId) : undefined,
    q.uncategorised === false ? sql`${t.categoryId} is not null` : undefined,
    q.pending !== undefined ? eq(t.pending, q.pending) : undefined,
    q.minAmount !== undefined ? gte(t.amount, q.minAmount) : undefined,
    q.maxAmount !== undefined ? lte(t.amount, q.maxAmount) : undefined,
    q.q ? ilike(searchText(t), `%${escapeLike(q.q)}%`) : undefined,
  ];
  return where.filter((w): w is SQL => w !== undefined);
}

/** Seeks past the cursor in the same (sort key, id) order the index stores. */
function seek(q: ListTransactionsQuery): SQL | undefined {
  if (!q.cursor) return undefined;
  const cursor = decodeCursor(q.cursor, { sort: q.sort, order: q.order });
  const op = q.order === "desc" ? sql`<` : sql`>`;
  // The value goes into a ::date or ::bigint cast; a forged one must be refused here, not by Postgres.
  if (q.sort === "date") {
    if (typeof cursor.value !== "string" || !isIsoDate(cursor.value)) {
      throw new CursorError("cursor is not one this API issued");
    }
    return sql`(${transactions.date}, ${transactions.id}) ${op} (${cursor.value}::date, ${cursor.id}::uuid)`;
  }
  if (typeof cursor.value !== "number" || !Number.isSafeInteger(cursor.value)) {
    throw new CursorError("cursor is not one this API issued");
  }
  return sql`(${transactions.amount}, ${transactions.id}) ${op} (${cursor.value}::bigint, ${cursor.id}::uuid)`;
}

export async function listTransactions(db: Executor, householdId: string, q: ListTransactionsQuery) {
  let seekCondition: SQL | undefined;
  try {
    seekCondition = seek(q);
  } catch (error) {
    if (error instanceof CursorError) {
      throw new ApiError(400, "invalid_cursor", error.message, [{ path: "cursor", message: error.message }]);
    }
    throw error;
  }
  const sortColumn = q.sort === "date" ? transactions.date : transactions.amount;
  const direction = q.order === "desc" ? desc : asc;
  const rows = await db
    .select()
    .from(transactions)
    .where(and(...filters(householdId, q), seekCondition))
    .orderBy(direction(sortColumn), direction(transactions.id))
    .limit(q.limit + 1);
  const page = paginate(rows, q.limit, q.sort, q.order, (row) => (q.sort === "date" ? row.date : row.amount));
  return { items: page.items.map(toTransaction), nextCursor: page.nextCursor };
}

export async function findTransactionRow(db: Executor, householdId: string, id: string): Promise<TransactionRow> {
  const [row] = await db
    .select()
    .from(transactions)
    .where(and(eq(transactions.id, id), eq(transactions.householdId, householdId)));
  if (!row) throw notFound("Transaction");
  return row;
}

async function assertCategory(db: Executor, householdId: string, categoryId: string | null | undefined) {
  if (!categoryId) return;
  const [row] = await db
    .select({ id: categories.id })
    .from(categories)
    .where(and(eq(categories.id, categoryId), eq(categories.householdId, householdId)));
  if (!row) {
    throw new ApiError(422, "unknown_category", "categoryId is not a category of this household", [
      { path: "categoryId", message: "no such category" },
    ]);
  }
}

/** A member choosing a category is recorded as the reason, and wins over rules and Plaid later. */
function categoryChoice(categoryId: string | null | undefined, memberId: string | null) {
  if (categoryId === undefined) return {};
  if (categoryId === null) return { categoryId: null, categorySource: null, categorisedBy: null };
  return { categoryId, categorySource: "member" as const, categorisedBy: memberId };
}

export interface NewTransaction {
  accountId: string;
  date: string;
  amount: number;
  currency?: string | undefined;
  description: string;
  merchant?: string | null | undefined;
  categoryId?: string | null | undefined;
  notes?: string | null | undefined;
  pending: boolean;
  sourceId?: string | undefined;
}

/**
 * Manual entry. With a sourceId the call is idempotent: a retry returns the row the
 * first call created (`created: false`) instead of a duplicate.
 */
export async function createTransaction(
  db: Database,
  householdId: string,
  memberId: string | null,
  input: NewTransaction,
) {
  const account = await findAccountRow(db, householdId, input.accountId).catch(() => {
    throw new ApiError(422, "unknown_account", "accountId is not an account of this household", [
      { path: "accountId", message: "no such account" },
    ]);
  });
  if (input.currency && input.currency !== account.currency) {
    throw new ApiError(
      422,
      "currency_mismatch",
      `This account holds ${account.currency}; the amount must be in it too`,
      [{ path: "currency", message: `must be ${account.currency}` }],
    );
  }
  await assertCategory(db, householdId, input.categoryId);
  const sourceId = input.sourceId ?? randomUUID();
  const [inserted] = await db
    .insert(transactions)
    .values({
      householdId,
      accountId: account.id,
      date: input.date,
      amount: input.amount,
      currency: account.currency,
      description: input.description,
      merchant: input.merchant ?? null,
      notes: input.notes ?? null,
      pending: input.pending,
      source: "manual",
      sourceId,
      ...categoryChoice(input.categoryId, memberId),
    })
    .onConflictDoNothing({ target: [transactions.householdId, transactions.source, transactions.sourceId] })
    .returning();
  if (inserted) return { created: true, transaction: toTransaction(inserted) };
  const [existing] = await db
    .select()
    .from(transactions)
    .where(
      and(
        eq(transactions.householdId, householdId),
        eq(transactions.source, "manual"),
        eq(transactions.sourceId, sourceId),
      ),
    );
  return { created: false, transaction: toTransaction(existing!) };
}

export interface TransactionChanges {
  date?: string | undefined;
  amount?: number | undefined;
  description?: string | undefined;
  merchant?: string | null | undefined;
  categoryId?: string | null | undefined;
  notes?: string | null | undefined;
  pending?: boolean | undefined;
}

// What the bank reports is the bank's to change; members annotate it.
const BANK_OWNED_FIELDS = ["date", "amount", "description", "pending"] as const;
// Remembered once a member sets them, so later bank updates and rules keep their hands off.
const MEMBER_OWNED_FIELDS = ["merchant", "notes"] as const;

export async function updateTransaction(
  db: Database,
  householdId: string,
  memberId: string | null,
  id: string,
  changes: TransactionChanges,
): Promise<Transaction> {
  const row = await findTransactionRow(db, householdId, id);
  if (row.source === "plaid") {
    const locked = BANK_OWNED_FIELDS.filter((field) => changes[field] !== undefined);
    if (locked.length > 0) {
      throw new ApiError(
        422,
        "bank_field_readonly",
        "Bank-synced transactions keep the bank's date, amount, description and status",
        locked.map((path) => ({ path, message: "set by the bank" })),
      );
    }
  }
  await assertCategory(db, householdId, changes.categoryId);
  const { categoryId, ...rest } = changes;
  const edited = MEMBER_OWNED_FIELDS.filter(
    (field) => changes[field] !== undefined && !row.editedFields.includes(field),
  );
  const [updated] = await db
    .update(transactions)
    .set({
      ...rest,
      ...categoryChoice(categoryId, memberId),
      ...(edited.length > 0 ? { editedFields: [...row.editedFields, ...edited] } : {}),
      updatedAt: sql`now()`,
    })
    .where(and(eq(transactions.id, id), eq(transactions.householdId, householdId)))
    .returning();
  return toTransaction(updated!);
}

export async function deleteTransaction(db: Database, householdId: string, id: string): Promise<void> {
  const row = await findTransactionRow(db, householdId, id);
  if (row.source === "plaid") {
    throw new ApiError(409, "bank_transaction", "Bank-synced transactions are removed by the bank, not by hand");
  }
  await db.delete(transactions).where(and(eq(transactions.id, id), eq(transactions.householdId, householdId)));
}
