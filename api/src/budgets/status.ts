/**
 * Budget status and alerts: fetches each budget's net spending per period in one
 * GROUP BY, then hands the figures to the pure domain/budgets/status.
 *
 * Spending = minus the sum of posted amounts in the budget's currency: for a category
 * budget, in the category and all its subcategories (transfer-kind ones excluded); for an
 * overall budget, in every expense category plus uncategorised money out. Refunds in
 * those categories reduce it.
 */
import { type BudgetPeriod, type BudgetStatus, formatMoney, toIsoDate } from "@tandem/shared";
import { and, eq, gte, inArray, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { type Executor, rows } from "../db/client";
import { categories, notifications, transactions } from "../db/schema";
import { type BudgetDefinition, budgetStatus, periodsNeeded, thresholdsReached } from "../domain/budgets/status";
import { descendantsOf } from "../domain/category-tree";
import { notify } from "../notifications/notify";
import { type BudgetRow, listBudgetRows } from "./budgets";

const TRUNC_UNIT: Record<BudgetPeriod, string> = {
  weekly: "week", // PostgreSQL's week starts on Monday (ISO), as ours do
  monthly: "month",
  quarterly: "quarter",
  yearly: "year",
};

interface CategoryInfo {
  id: string;
  parentId: string | null;
  name: string;
  kind: string;
}

async function loadCategories(db: Executor, householdId: string): Promise<CategoryInfo[]> {
  return db
    .select({ id: categories.id, parentId: categories.parentId, name: categories.name, kind: categories.kind })
    .from(categories)
    .where(eq(categories.householdId, householdId));
}

/** Net spending per period start (positive = spent) for one budget over [from, to]. */
async function spendingByPeriod(
  db: Executor,
  householdId: string,
  budget: BudgetDefinition,
  from: string,
  to: string,
  tree: CategoryInfo[],
): Promise<Map<string, number>> {
  const t = transactions;
  let scope: SQL;
  if (budget.categoryId) {
    const ids = [budget.categoryId, ...descendantsOf(tree, budget.categoryId)].filter(
      (id) => tree.find((c) => c.id === id)?.kind !== "transfer",
    );
    scope = inArray(t.categoryId, ids);
  } else {
    const expense = tree.filter((c) => c.kind === "expense").map((c) => c.id);
    const uncategorisedOut = and(isNull(t.categoryId), lt(t.amount, 0))!;
    scope = expense.length > 0 ? or(inArray(t.categoryId, expense), uncategorisedOut)! : uncategorisedOut;
  }
  const unit = sql.raw(`'${TRUNC_UNIT[budget.period]}'`);
  const result = await db.execute(sql`
    select date_trunc(${unit}, ${t.date}::timestamp)::date::text as start, sum(${t.amount})::text as total
      from ${t}
     where ${and(
       eq(t.householdId, householdId),
       gte(t.date, from),
       lte(t.date, to),
       eq(t.currency, budget.currency),
       eq(t.pending, false),
       scope,
     )}
     group by 1`);
  const map = new Map<string, number>();
  for (const row of rows<{ start: string; total: string }>(result)) map.set(row.start, -Number(BigInt(row.total)));
  return map;
}

const toDefinition = (row: BudgetRow): BudgetDefinition => ({
  id: row.id,
  categoryId: row.categoryId,
  amount: row.amount,
  currency: row.currency,
  period: row.period,
  startDate: row.startDate,
  endDate: row.endDate,
  rollover: row.rollover,
});

/**
 * Every budget's status for its period containing `date`. The forecast can call this:
 * it reads only, and the figures are those GET /budgets/status returns.
 */
export async function computeBudgetStatuses(db: Executor, householdId: string, date: string): Promise<BudgetStatus[]> {
  const [budgetRows, tree] = await Promise.all([listBudgetRows(db, householdId), loadCategories(db, householdId)]);
  // One query per budget, side by side on the pool (in a transaction they queue on its connection).
  return Promise.all(
    budgetRows.map(async (row) => {
      const budget = toDefinition(row);
      const periods = periodsNeeded(budget, date);
      const spent = await spendingByPeriod(db, householdId, budget, periods[0]!.start, periods.at(-1)!.end, tree);
      return budgetStatus(budget, date, spent);
    }),
  );
}

/**
 * One notification per budget, period and threshold (80 %, 100 %): the dedupe key makes a
 * repeated or concurrent check a no-op (INSERT … ON CONFLICT DO NOTHING).
 */
export async function raiseBudgetAlerts(
  db: Executor,
  householdId: string,
  statuses: readonly BudgetStatus[],
): Promise<void> {
  const due = statuses.flatMap((s) =>
    s.active
      ? thresholdsReached(s.spent, s.available).map((threshold) => ({
          s,
          threshold,
          key: `budget:${s.budgetId}:${s.periodStart}:${threshold}`,
        }))
      : [],
  );
  if (due.length === 0) return;
  // Most checks find every due alert already sent: one read, and no write at all.
  const sent = new Set(
    (
      await db
        .select({ key: notifications.dedupeKey })
        .from(notifications)
        .where(
          and(
            eq(notifications.householdId, householdId),
            inArray(
              notifications.dedupeKey,
              due.map((d) => d.key),
            ),
          ),
        )
    ).map((r) => r.key),
  );
  const missing = due.filter((d) => !sent.has(d.key));
  if (missing.length === 0) return;
  const tree = await loadCategories(db, householdId);
  for (const { s, threshold, key } of missing) {
    const name = s.categoryId ? (tree.find((c) => c.id === s.categoryId)?.name ?? "a category") : "all spending";
    await notify(db, {
      householdId,
      kind: threshold >= 100 ? "budget_exceeded" : "budget_warning",
      topic: "budget",
      dedupeKey: key,
      title: threshold >= 100 ? `Budget for ${name} used up` : `Budget for ${name} at ${threshold}%`,
      body: `Spent ${formatMoney(s.spent, s.currency)} of ${formatMoney(s.available, s.currency)} for ${s.periodStart} to ${s.periodEnd}.`,
    });
  }
}

/**
 * Checks every budget's current period (or the one containing `date`) and raises the
 * alerts now due. Imports and syncs call this after new spending arrives; it is
 * idempotent, so calling it too often costs queries, never duplicate notifications.
 */
export async function checkBudgetAlerts(
  db: Executor,
  householdId: string,
  options: { date?: string } = {},
): Promise<BudgetStatus[]> {
  const statuses = await computeBudgetStatuses(db, householdId, options.date ?? toIsoDate(new Date()));
  await raiseBudgetAlerts(db, householdId, statuses);
  return statuses;
}
