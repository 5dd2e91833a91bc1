/** Budgets CRUD: every query filtered by household; bad references are 422s and write nothing. */
import type { Budget, CreateBudgetBody, UpdateBudgetBody } from "@tandem/shared";
import { and, asc, eq } from "drizzle-orm";
import type { Executor } from "../db/client";
import { budgets, categories, households } from "../db/schema";
import { ApiError, notFound } from "../lib/problem";

export type BudgetRow = typeof budgets.$inferSelect;

export function toBudget(row: BudgetRow): Budget {
  return {
    id: row.id,
    categoryId: row.categoryId,
    amount: row.amount,
    currency: row.currency,
    period: row.period,
    startDate: row.startDate,
    endDate: row.endDate,
    rollover: row.rollover,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listBudgetRows(db: Executor, householdId: string): Promise<BudgetRow[]> {
  return db
    .select()
    .from(budgets)
    .where(eq(budgets.householdId, householdId))
    .orderBy(asc(budgets.createdAt), asc(budgets.id));
}

export async function findBudgetRow(db: Executor, householdId: string, id: string): Promise<BudgetRow> {
  const [row] = await db
    .select()
    .from(budgets)
    .where(and(eq(budgets.id, id), eq(budgets.householdId, householdId)));
  if (!row) throw notFound("Budget");
  return row;
}

export async function baseCurrency(db: Executor, householdId: string): Promise<string> {
  const [row] = await db
    .select({ currency: households.baseCurrency })
    .from(households)
    .where(eq(households.id, householdId));
  if (!row) throw notFound("Household");
  return row.currency;
}

/** A budget's category must be one of the household's expense categories (income and transfers are not spent). */
async function assertCategory(db: Executor, householdId: string, categoryId: string | null): Promise<void> {
  if (categoryId === null) return;
  const [row] = await db
    .select({ kind: categories.kind })
    .from(categories)
    .where(and(eq(categories.id, categoryId), eq(categories.householdId, householdId)));
  if (!row) {
    throw new ApiError(422, "unknown_category", "categoryId is not a category of this household", [
      { path: "categoryId", message: "no such category" },
    ]);
  }
  if (row.kind !== "expense") {
    throw new ApiError(422, "category_not_expense", `A budget needs an expense category; this one is ${row.kind}`, [
      { path: "categoryId", message: `category kind is ${row.kind}` },
    ]);
  }
}

export async function createBudget(db: Executor, householdId: string, body: CreateBudgetBody): Promise<Budget> {
  const currency = await baseCurrency(db, householdId);
  if (body.currency !== undefined && body.currency !== currency) {
    throw new ApiError(422, "currency_mismatch", `Budgets are in the household's currency, ${currency}`, [
      { path: "currency", message: `must be ${currency}` },
    ]);
  }
  await assertCategory(db, householdId, body.categoryId);
  const [row] = await db
    .insert(budgets)
    .values({
      householdId,
      categoryId: body.categoryId,
      amount: body.amount,
      currency,
      period: body.period,
      startDate: body.startDate,
      endDate: body.endDate,
      rollover: body.rollover,
    })
    .returning();
  return toBudget(row!);
}

export async function updateBudget(
  db: Executor,
  householdId: string,
  id: string,
  body: UpdateBudgetBody,
): Promise<Budget> {
  const current = await findBudgetRow(db, householdId, id);
  if (body.categoryId !== undefined) await assertCategory(db, householdId, body.categoryId);
  const startDate = body.startDate ?? current.startDate;
  const endDate = body.endDate === undefined ? current.endDate : body.endDate;
  if (endDate !== null && endDate < startDate) {
    throw new ApiError(422, "validation_failed", "endDate must not be before startDate", [
      { path: "endDate", message: "must not be before startDate" },
    ]);
  }
  const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
  if (Object.keys(changes).length === 0) return toBudget(current);
  const [row] = await db
    .update(budgets)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(budgets.id, id), eq(budgets.householdId, householdId)))
    .returning();
  return toBudget(row!);
}

export async function deleteBudget(db: Executor, householdId: string, id: string): Promise<void> {
  const deleted = await db
    .delete(budgets)
    .where(and(eq(budgets.id, id), eq(budgets.householdId, householdId)))
    .returning({ id: budgets.id });
  if (deleted.length === 0) throw notFound("Budget");
}
