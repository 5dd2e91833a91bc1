import { addDays, type Forecast, type RecurringSeries } from "@tandem/shared";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { computeBudgetStatuses } from "../budgets/status";
import { type Executor, rows } from "../db/client";
import { categories, transactions } from "../db/schema";
import { type BudgetPeriodStatus, budgetSpreads, type ExpectedOutflow } from "../domain/forecast/budget-spreads";
import { type ForecastItemInput, projectBalances } from "../domain/forecast/forecast";
import { daysBetween, occurrencesBetween } from "../domain/recurring/schedule";
import { getAccount, listAccounts } from "../ledger/accounts";
import { listSeries } from "../recurring/series";

/** A detected charge this many days overdue is still expected (tomorrow); later than that it is skipped. */
const OVERDUE_GRACE_DAYS = 3;
/** Bounds the budget-status lookups for long horizons with weekly budgets. */
const MAX_BUDGET_LOOKUPS = 60;

/** Confirmed series' occurrences after today up to `last`. */
export function expectedOccurrences(series: RecurringSeries[], today: string, last: string) {
  const tomorrow = addDays(today, 1);
  const out: (ForecastItemInput & { categoryId: string | null; currency: string })[] = [];
  for (const s of series) {
    if (s.status !== "confirmed" || !s.nextDate || s.nextAmount === null) continue;
    const dates = occurrencesBetween(s.nextDate, s.cadence, tomorrow, last, s.endDate);
    if (s.kind === "detected" && s.nextDate <= today && daysBetween(s.nextDate, today) <= OVERDUE_GRACE_DAYS) {
      dates.unshift(tomorrow);
    }
    for (const date of new Set(dates)) {
      out.push({
        accountId: s.accountId,
        date,
        amount: s.nextAmount,
        seriesId: s.id,
        label: s.merchant,
        categoryId: s.categoryId,
        currency: s.currency,
      });
    }
  }
  return out;
}

/** Budget statuses for every period that overlaps (today, last]: today's, then each next one's. */
async function budgetPeriods(db: Executor, householdId: string, today: string, last: string) {
  const out: BudgetPeriodStatus[] = [];
  const seen = new Set<string>();
  const dates = [today];
  for (let lookups = 0; dates.length > 0 && lookups < MAX_BUDGET_LOOKUPS; lookups++) {
    const date = dates.shift()!;
    for (const status of await computeBudgetStatuses(db, householdId, date)) {
      const key = `${status.budgetId}|${status.periodStart}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(status);
      const next = addDays(status.periodEnd, 1);
      if (next <= last && !dates.includes(next)) dates.push(next);
    }
    dates.sort();
  }
  return out;
}

/** Per currency and category, the account that carried most of the spending in the last 90 days. */
async function spendingAccounts(db: Executor, householdId: string, today: string) {
  const t = transactions;
  const result = await db.execute(sql`
    select ${t.accountId} as account_id, ${t.currency} as currency, ${t.categoryId} as category_id,
           (-sum(${t.amount}))::text as spent
      from ${t}
     where ${and(eq(t.householdId, householdId), gte(t.date, addDays(today, -90)), lt(t.amount, 0), eq(t.pending, false))}
     group by 1, 2, 3`);
  return rows<{ account_id: string; currency: string; category_id: string | null; spent: string }>(result).map((r) => ({
    accountId: r.account_id,
    currency: r.currency,
    categoryId: r.category_id,
    spent: BigInt(r.spent),
  }));
}

export async function forecast(
  db: Executor,
  householdId: string,
  today: string,
  days: number,
  accountId?: string,
): Promise<Forecast> {
  const last = addDays(today, days);
  const accountList = accountId
    ? [await getAccount(db, householdId, accountId)]
    : (await listAccounts(db, householdId)).filter((a) => !a.archived);
  const series = await listSeries(db, householdId, today, { status: "confirmed" });
  const occurrences = expectedOccurrences(series, today, last);

  const [statuses, spending, tree] = await Promise.all([
    budgetPeriods(db, householdId, today, last),
    spendingAccounts(db, householdId, today),
    db
      .select({ id: categories.id, parentId: categories.parentId })
      .from(categories)
      .where(eq(categories.householdId, householdId)),
  ]);
  const allAccounts = accountId ? await listAccounts(db, householdId) : accountList;
  const usable = new Set(allAccounts.filter((a) => !a.archived).map((a) => a.id));
  const accountFor = (budget: BudgetPeriodStatus) => {
    const totals = new Map<string, bigint>();
    for (const row of spending) {
      if (row.currency !== budget.currency || !usable.has(row.accountId)) continue;
      if (budget.categoryId && row.categoryId !== budget.categoryId) continue;
      totals.set(row.accountId, (totals.get(row.accountId) ?? 0n) + row.spent);
    }
    let best: string | null = null;
    for (const [id, total] of totals)
      if (best === null || total > totals.get(best)! || (total === totals.get(best)! && id < best)) best = id;
    if (best) return best;
    // No recent spending in the category: it comes from wherever most spending does,
    // and with no spending at all, from the first account in the budget's currency.
    if (budget.categoryId) return accountFor({ ...budget, categoryId: null });
    return allAccounts.find((a) => usable.has(a.id) && a.currency === budget.currency)?.id ?? null;
  };
  const outflows: ExpectedOutflow[] = occurrences;
  const spreads = budgetSpreads(statuses, outflows, tree, accountFor);

  const projections = projectBalances(
    today,
    days,
    accountList.map((a) => ({ accountId: a.id, balance: a.balance })),
    occurrences,
    spreads,
  );
  return {
    today,
    days,
    budgetsIncluded: true,
    accounts: projections.map((p, i) => ({
      accountId: p.accountId,
      name: accountList[i]!.name,
      currency: accountList[i]!.currency,
      startBalance: p.startBalance,
      endBalance: p.endBalance,
      lowest: p.lowest,
      points: p.points,
      items: p.items.map(({ date, amount, seriesId, label }) => ({ date, amount, seriesId, label })),
    })),
  };
}
