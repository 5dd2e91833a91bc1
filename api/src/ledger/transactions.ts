import { randomUUID } from "node:crypto";
import {
  type CategoryWhy,
  type DashboardTransactionPage,
  isIsoDate,
  type ListTransactionsQuery,
  type SplitInput,
  type Transaction,
} from "@tandem/shared";
import { and, asc, eq, getTableColumns, gte, ilike, inArray, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/client";
import { accounts, categories, categoryEdits, rules, searchText, transactions, users } from "../db/schema";
import { CursorError, decodeCursor, encodeCursor, paginate, type SortOrder } from "../domain/keyset";
import { merchantKey } from "../domain/rules/merchant";
import { ApiError, notFound } from "../lib/problem";
import { householdMembers, toStoredPayer, toStoredSplit } from "../splits/splits";
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
    tags: row.tags,
    source: row.source,
    sourceId: row.sourceId,
    pending: row.pending,
    split: row.split ?? null,
    payer: row.payer ?? null,
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
    q.memberId ? paidBy(householdId, q.memberId) : undefined,
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

/** Past a (date, id) cursor in the given order: a range scan of an index ending in (date, id). */
function seekDate(raw: string, order: SortOrder): SQL {
  const cursor = decodeCursor(raw, { sort: "date", order });
  // The value goes into a ::date cast; a forged one must be refused here, not by Postgres.
  if (typeof cursor.value !== "string" || !isIsoDate(cursor.value)) {
    throw new CursorError("cursor is not one this API issued");
  }
  const op = order === "desc" ? sql`<` : sql`>`;
  return sql`(${transactions.date}, ${transactions.id}) ${op} (${cursor.value}::date, ${cursor.id}::uuid)`;
}

/** A cursor this API did not issue (or issued for another order) is the caller's mistake: 400. */
function seekOrRefuse(build: () => SQL | undefined): SQL | undefined {
  try {
    return build();
  } catch (error) {
    if (error instanceof CursorError) {
      throw new ApiError(400, "invalid_cursor", error.message, [{ path: "cursor", message: error.message }]);
    }
    throw error;
  }
}

/** Paid by the member: the payer set to them, or by default from an account they own. */
function paidBy(householdId: string, memberId: string): SQL {
  const t = transactions;
  return sql`(${t.payer}->>'memberId' = ${memberId} or (${t.payer} is null and ${t.accountId} in (
    select ${accounts.id} from ${accounts}
    where ${accounts.householdId} = ${householdId} and ${accounts.ownerId} = ${memberId})))`;
}

type TextSort = "merchant" | "category";

/**
 * The key each sort orders by. Merchant and category compare case-blind; the merchant
 * key has an index of its own (transactions_merchant_sort_idx), the category name is
 * looked up per row, so that sort reads every row the filters leave.
 */
function sortKey(sort: ListTransactionsQuery["sort"]): SQL {
  const t = transactions;
  switch (sort) {
    case "date":
      return sql`${t.date}`;
    case "amount":
      return sql`${t.amount}`;
    case "merchant":
      return sql`lower(coalesce(${t.merchant}, ${t.description}))`;
    case "category":
      return sql`coalesce((select lower(${categories.name}) from ${categories} where ${categories.id} = ${t.categoryId}), '')`;
  }
}

/** Seeks past the cursor in the same (sort key, id) order the index stores. */
function seek(q: ListTransactionsQuery): SQL | undefined {
  if (!q.cursor) return undefined;
  if (q.sort === "date") return seekDate(q.cursor, q.order);
  const cursor = decodeCursor(q.cursor, { sort: q.sort, order: q.order });
  const op = q.order === "desc" ? sql`<` : sql`>`;
  if (q.sort === "amount") {
    if (typeof cursor.value !== "number" || !Number.isSafeInteger(cursor.value)) {
      throw new CursorError("cursor is not one this API issued");
    }
    return sql`(${transactions.amount}, ${transactions.id}) ${op} (${cursor.value}::bigint, ${cursor.id}::uuid)`;
  }
  if (typeof cursor.value !== "string" || cursor.value.length > 1_000) {
    throw new CursorError("cursor is not one this API issued");
  }
  return sql`(${sortKey(q.sort satisfies TextSort)}, ${transactions.id}) ${op} (${cursor.value}::text, ${cursor.id}::uuid)`;
}

export async function listTransactions(db: Executor, householdId: string, q: ListTransactionsQuery) {
  const seekCondition = seekOrRefuse(() => seek(q));
  const key = sortKey(q.sort);
  const direction = q.order === "desc" ? sql`desc` : sql`asc`;
  // The date sort's key is the row's own date; other sorts select theirs beside the row.
  const rows = await db
    .select({ ...getTableColumns(transactions), sortKey: q.sort === "date" ? transactions.date : key })
    .from(transactions)
    .where(and(...filters(householdId, q), seekCondition))
    .orderBy(sql`${key} ${direction}`, sql`${transactions.id} ${direction}`)
    .limit(q.limit + 1);
  const page = paginate(rows, q.limit, q.sort, q.order, (row) =>
    q.sort === "amount" ? Number(row.sortKey) : (row.sortKey as string),
  );
  return { items: page.items.map(toTransaction), nextCursor: page.nextCursor };
}

/**
 * Every transaction of the household, oldest first, as columns for the dashboard's
 * build. At a million rows this is a walk along transactions_date_idx (household_id,
 * date, id): each page is one index range scan of `limit` rows, selecting only the
 * columns shown, and the arrays are filled straight from the rows.
 */
export async function dashboardTransactionPage(
  db: Executor,
  householdId: string,
  q: { cursor?: string | undefined; limit: number },
): Promise<DashboardTransactionPage> {
  const t = transactions;
  const after = seekOrRefuse(() => (q.cursor ? seekDate(q.cursor, "asc") : undefined));
  const rows = await db
    .select({
      id: t.id,
      date: t.date,
      accountId: t.accountId,
      categoryId: t.categoryId,
      payee: sql<string>`coalesce(${t.merchant}, ${t.description})`,
      amount: t.amount,
      currency: t.currency,
      pending: t.pending,
    })
    .from(t)
    .where(and(eq(t.householdId, householdId), after))
    .orderBy(asc(t.date), asc(t.id))
    .limit(q.limit + 1);

  const n = Math.min(rows.length, q.limit);
  const columns: DashboardTransactionPage["columns"] = {
    date: new Array(n),
    accountId: new Array(n),
    categoryId: new Array(n),
    payee: new Array(n),
    amount: new Array(n),
    currency: new Array(n),
    pending: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    columns.date[i] = row.date;
    columns.accountId[i] = row.accountId;
    columns.categoryId[i] = row.categoryId;
    columns.payee[i] = row.payee;
    columns.amount[i] = row.amount;
    columns.currency[i] = row.currency;
    columns.pending[i] = row.pending;
  }
  const last = rows.length > q.limit ? rows[n - 1]! : null;
  const nextCursor = last ? encodeCursor({ sort: "date", order: "asc", value: last.date, id: last.id }) : null;
  return { columns, nextCursor };
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
  tags?: string[] | undefined;
  pending: boolean;
  split?: SplitInput | null | undefined;
  payer?: string | null | undefined;
  sourceId?: string | undefined;
}

/** A member's split and payer as stored: checked against the household's members and the amount. */
async function shareChoice(
  db: Executor,
  householdId: string,
  input: { split?: SplitInput | null | undefined; payer?: string | null | undefined },
  amount: number,
) {
  if (input.split === undefined && input.payer === undefined) return {};
  const members = await householdMembers(db, householdId);
  return {
    ...(input.split !== undefined
      ? { split: input.split ? toStoredSplit(input.split, members, { path: "split", amount }) : null }
      : {}),
    ...(input.payer !== undefined ? { payer: input.payer ? toStoredPayer(input.payer, members) : null } : {}),
  };
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
  const share = await shareChoice(db, householdId, input, input.amount);
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
      tags: uniqueTags(input.tags ?? []),
      pending: input.pending,
      source: "manual",
      sourceId,
      ...categoryChoice(input.categoryId, memberId),
      ...share,
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
  tags?: string[] | undefined;
  pending?: boolean | undefined;
  split?: SplitInput | null | undefined;
  payer?: string | null | undefined;
}

// What the bank reports is the bank's to change; members annotate it.
const BANK_OWNED_FIELDS = ["date", "amount", "description", "pending"] as const;
// Remembered once a member sets them, so later bank updates and rules keep their hands off.
const MEMBER_OWNED_FIELDS = ["merchant", "notes", "tags"] as const;

/** Tags once each, case aside, in the order given. */
function uniqueTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = tag.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A member moving a transaction to another category: the evidence rule suggestions learn
 * from, keyed by its merchant (or its description when it has none).
 */
function categoryEdit(
  householdId: string,
  memberId: string,
  from: { id: string; merchant: string | null; description: string; categoryId: string | null },
  toCategoryId: string,
): typeof categoryEdits.$inferInsert {
  const merchant = from.merchant ?? from.description;
  return {
    householdId,
    transactionId: from.id,
    memberId,
    field: from.merchant ? "merchant" : "description",
    merchant,
    merchantKey: merchantKey(merchant),
    fromCategoryId: from.categoryId,
    toCategoryId,
  };
}

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
  const { categoryId, tags, split, payer, ...rest } = changes;
  const share = await shareChoice(db, householdId, { split, payer }, changes.amount ?? row.amount);
  const edited = MEMBER_OWNED_FIELDS.filter(
    (field) => changes[field] !== undefined && !row.editedFields.includes(field),
  );
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(transactions)
      .set({
        ...rest,
        ...(tags !== undefined ? { tags: uniqueTags(tags) } : {}),
        ...categoryChoice(categoryId, memberId),
        ...share,
        ...(edited.length > 0 ? { editedFields: [...row.editedFields, ...edited] } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(transactions.id, id), eq(transactions.householdId, householdId)))
      .returning();
    // Gone since it was read: a sync posted it (the posted row carries earlier edits) or it was deleted.
    if (!updated) {
      throw new ApiError(
        409,
        "transaction_replaced",
        "This transaction was replaced while you edited it (the bank posted it, or it was removed); reload and edit it again",
      );
    }
    if (categoryId && categoryId !== row.categoryId && memberId) {
      await tx
        .insert(categoryEdits)
        .values(categoryEdit(householdId, memberId, { ...updated, categoryId: row.categoryId }, categoryId));
    }
    return toTransaction(updated);
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Why one transaction has its category: the member (and their name), the rule (and its
 * name, while it exists), or Plaid's category and confidence. Only the single-transaction
 * read does these lookups; listings carry categorySource/categorisedBy alone.
 */
export async function transactionWhy(
  db: Executor,
  householdId: string,
  row: TransactionRow,
): Promise<CategoryWhy | null> {
  if (!row.categoryId || !row.categorySource) return null;
  const by = row.categorisedBy;
  switch (row.categorySource) {
    case "member": {
      if (!by || !UUID.test(by)) return { source: "member" };
      const [member] = await db
        .select({ name: users.displayName })
        .from(users)
        .where(and(eq(users.id, by), eq(users.householdId, householdId)));
      return { source: "member", memberId: by, ...(member ? { memberName: member.name } : {}) };
    }
    case "rule": {
      if (!by || !UUID.test(by)) return { source: "rule" };
      const [rule] = await db
        .select({ name: rules.name })
        .from(rules)
        .where(and(eq(rules.id, by), eq(rules.householdId, householdId)));
      return { source: "rule", ruleId: by, ...(rule ? { ruleName: rule.name } : {}) };
    }
    case "plaid":
      return {
        source: "plaid",
        ...((by ?? row.plaidCategory) ? { plaidCategory: (by ?? row.plaidCategory)! } : {}),
        ...(row.plaidCategoryConfidence ? { plaidConfidence: row.plaidCategoryConfidence } : {}),
      };
  }
  return null;
}

export async function deleteTransaction(db: Database, householdId: string, id: string): Promise<void> {
  const row = await findTransactionRow(db, householdId, id);
  if (row.source === "plaid") {
    throw new ApiError(409, "bank_transaction", "Bank-synced transactions are removed by the bank, not by hand");
  }
  await db.delete(transactions).where(and(eq(transactions.id, id), eq(transactions.householdId, householdId)));
}

/**
 * One category for many transactions at once, all or nothing. Each one that changes is
 * the member's choice (as a single edit) and evidence for rule suggestions.
 */
export async function bulkCategorise(
  db: Database,
  householdId: string,
  memberId: string | null,
  body: { ids: string[]; categoryId: string | null },
): Promise<{ updated: number }> {
  const ids = [...new Set(body.ids)];
  await assertCategory(db, householdId, body.categoryId);
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: transactions.id,
        categoryId: transactions.categoryId,
        merchant: transactions.merchant,
        description: transactions.description,
      })
      .from(transactions)
      .where(and(eq(transactions.householdId, householdId), inArray(transactions.id, ids)))
      .for("update");
    if (rows.length !== ids.length) {
      const found = new Set(rows.map((row) => row.id));
      throw new ApiError(422, "unknown_transactions", "Some ids are not transactions of this household", [
        { path: "ids", message: `not found: ${ids.filter((id) => !found.has(id)).join(", ")}` },
      ]);
    }
    const changing = rows.filter((row) => row.categoryId !== body.categoryId);
    if (changing.length === 0) return { updated: 0 };
    await tx
      .update(transactions)
      .set({ ...categoryChoice(body.categoryId, memberId), updatedAt: sql`now()` })
      .where(
        and(
          eq(transactions.householdId, householdId),
          inArray(
            transactions.id,
            changing.map((row) => row.id),
          ),
        ),
      );
    if (body.categoryId && memberId) {
      const toCategoryId = body.categoryId;
      await tx
        .insert(categoryEdits)
        .values(changing.map((row) => categoryEdit(householdId, memberId, row, toCategoryId)));
    }
    return { updated: changing.length };
  });
}
