/**
 * Assembles a month's report from the existing building blocks: the analytics queries
 * for each currency's own totals, budget statuses, goals, the settle-up, and the
 * converter for the base-currency figures. The month's transactions are read once, with
 * the previous month's, and summed per transaction in domain/reports (see summary.ts for
 * why each is converted on its own). Everything is "as of" the month's last day, or
 * today while the month runs.
 */
import type { Goal, MonthlyReport, ReportGoal, ReportSettleUp, SettleUp } from "@tandem/shared";
import { monthKey, toIsoDate } from "@tandem/shared";
import { and, asc, eq, gte, lte } from "drizzle-orm";
import { incomeExpense } from "../analytics/queries";
import { computeBudgetStatuses } from "../budgets/status";
import { type Converter, loadConverter } from "../currency/converter";
import type { Executor } from "../db/client";
import { categories, households, transactions } from "../db/schema";
import { type CategoryRef, toSafeNumber } from "../domain/analytics/classify";
import { monthsBefore, rollUp } from "../domain/analytics/reports";
import { categoriesWithBudgets, type MonthBudget, reportBudget } from "../domain/reports/budgets";
import { categoryChanges, changeOf } from "../domain/reports/changes";
import { type ReportTransaction, summariseMonth, type ToBase, topMerchants } from "../domain/reports/summary";
import { listGoals } from "../goals/goals";
import { notFound } from "../lib/problem";
import { settleUp } from "../splits/settle-up";

export const TOP_MERCHANTS = 5;

/** First and last day of a "YYYY-MM" month. */
export function monthBounds(month: string): { from: string; to: string } {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const last = new Date(0);
  last.setUTCFullYear(year, monthNumber, 0);
  return { from: `${month}-01`, to: toIsoDate(last) };
}

async function loadHousehold(db: Executor, householdId: string) {
  const [row] = await db
    .select({ name: households.name, baseCurrency: households.baseCurrency })
    .from(households)
    .where(eq(households.id, householdId));
  if (!row) throw notFound("Household");
  return row;
}

async function loadCategories(db: Executor, householdId: string): Promise<CategoryRef[]> {
  return db
    .select({ id: categories.id, parentId: categories.parentId, name: categories.name, kind: categories.kind })
    .from(categories)
    .where(eq(categories.householdId, householdId))
    .orderBy(categories.name, categories.id);
}

/** Posted transactions dated within [from, to]; pending ones may still change or vanish. */
async function loadTransactions(db: Executor, householdId: string, from: string, to: string) {
  const t = transactions;
  const list = await db
    .select({
      id: t.id,
      date: t.date,
      amount: t.amount,
      currency: t.currency,
      categoryId: t.categoryId,
      merchant: t.merchant,
      description: t.description,
    })
    .from(t)
    .where(and(eq(t.householdId, householdId), gte(t.date, from), lte(t.date, to), eq(t.pending, false)))
    .orderBy(asc(t.date), asc(t.id));
  return list.map((r): ReportTransaction => ({ ...r, merchant: r.merchant ?? r.description }));
}

function toBaseWith(converter: Converter): ToBase {
  return (amount, currency, date) =>
    currency === converter.base ? amount : (converter.convert(amount, currency, date)?.amount ?? null);
}

/** Each currency's own totals, through the analytics query (which never adds currencies). */
async function totalsByCurrency(
  db: Executor,
  householdId: string,
  range: { from: string; to: string },
  list: string[],
) {
  return Promise.all(
    list.map(async (currency) => {
      const report = await incomeExpense(db, { householdId, ...range, currency, includePending: false });
      const { income, expense, net } = report.totals;
      return { currency, income, spending: expense, net };
    }),
  );
}

function toReportSettleUp(result: SettleUp, asOf: string): ReportSettleUp {
  const names = new Map(result.members.map((m) => [m.id, m.displayName]));
  const nameOf = (id: string) => names.get(id) ?? "A former member";
  return {
    asOf,
    debts: result.balances.flatMap((b) =>
      b.debt
        ? [
            {
              currency: b.currency,
              fromMemberId: b.debt.fromMemberId,
              fromName: nameOf(b.debt.fromMemberId),
              toMemberId: b.debt.toMemberId,
              toName: nameOf(b.debt.toMemberId),
              amount: b.debt.amount,
            },
          ]
        : [],
    ),
    settledCurrencies: result.balances.filter((b) => !b.debt).map((b) => b.currency),
  };
}

async function monthBudgets(db: Executor, householdId: string, asOf: string): Promise<MonthBudget[]> {
  return (await computeBudgetStatuses(db, householdId, asOf)).map((s) => ({
    budgetId: s.budgetId,
    categoryId: s.categoryId,
    period: s.period,
    currency: s.currency,
    active: s.active,
    available: s.available,
  }));
}

function toReportGoal(g: Goal): ReportGoal {
  return {
    goalId: g.id,
    name: g.name,
    currency: g.currency,
    targetAmount: g.targetAmount,
    saved: g.progress.saved,
    percent: g.progress.percent,
    deadline: g.deadline,
    status: g.progress.status,
  };
}

/** Base currency first, then the others alphabetically. */
const currenciesOf = (list: readonly ReportTransaction[], base: string) => [
  base,
  ...[...new Set(list.map((t) => t.currency))].filter((c) => c !== base).sort(),
];

/**
 * The report for `month` as it stands at `now`. The caller decides whether it is kept
 * (see history.ts) and sets `status`; a month after now's is refused there too.
 */
export async function buildMonthlyReport(
  db: Executor,
  householdId: string,
  month: string,
  now: Date,
): Promise<Omit<MonthlyReport, "status">> {
  const { from, to } = monthBounds(month);
  const previousMonth = monthsBefore(month, 1);
  const previous = monthBounds(previousMonth);
  const today = toIsoDate(now);
  const asOf = monthKey(today) === month && today < to ? today : to;
  const household = await loadHousehold(db, householdId);
  const base = household.baseCurrency;
  const [tree, list, converter, budgets, goals, balances] = await Promise.all([
    loadCategories(db, householdId),
    loadTransactions(db, householdId, previous.from, to),
    loadConverter(db, householdId, { base, from: previous.from, to }),
    monthBudgets(db, householdId, asOf),
    listGoals(db, householdId, asOf),
    settleUp(db, householdId, { from: null, to: asOf, limit: 0 }),
  ]);
  const toBase = toBaseWith(converter);
  const current = list.filter((t) => t.date >= from);
  const thisMonth = summariseMonth(current, tree, toBase);
  const before = summariseMonth(
    list.filter((t) => t.date < from),
    tree,
    toBase,
  );
  const byCurrency = await totalsByCurrency(db, householdId, { from, to }, currenciesOf(current, base));
  const budgetToBase = (amount: number, currency: string) => toBase(amount, currency, asOf);
  const items = rollUp(thisMonth.spendByCategory, tree);
  const previousItems = rollUp(before.spendByCategory, tree);
  const spending = toSafeNumber(thisMonth.spending);
  const income = toSafeNumber(thisMonth.income);
  const overall = budgets.find((b) => b.active && b.period === "monthly" && b.categoryId === null);
  const flat = (rows: typeof items) => rows.map((r) => ({ categoryId: r.categoryId, name: r.name, spent: r.amount }));
  return {
    month,
    from,
    to,
    householdName: household.name,
    baseCurrency: base,
    generatedAt: now.toISOString(),
    totals: { income, spending, net: income - spending },
    byCurrency,
    categories: categoriesWithBudgets(items, budgets, tree, budgetToBase),
    overallBudget: overall ? reportBudget(overall, spending, budgetToBase) : null,
    topMerchants: topMerchants(thisMonth.merchants, TOP_MERCHANTS),
    goals: goals.map(toReportGoal),
    settleUp: toReportSettleUp(balances, asOf),
    changes: {
      previousMonth,
      income: changeOf(income, toSafeNumber(before.income)),
      spending: changeOf(spending, toSafeNumber(before.spending)),
      net: changeOf(income - spending, toSafeNumber(before.income - before.spending)),
      ...categoryChanges(flat(items), flat(previousItems)),
      previousUnconverted: before.unconverted.count,
    },
    unconverted: thisMonth.unconverted,
  };
}
