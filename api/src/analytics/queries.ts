/**
 * The SQL behind /analytics: each report is one GROUP BY of one household in a date
 * range, over the monthly totals for whole months and the transactions for partial ones
 * (see monthlySums); top merchants reads the transactions. Groups are classified and
 * shaped in domain/analytics. Only one currency is ever summed (default: the
 * household's); pending rows are out unless asked for.
 */
import type {
  AnalyticsQuery,
  Balances,
  IncomeExpense,
  NetWorth,
  SavingsRate,
  SpendingByCategory,
  TopMerchants,
  TopMerchantsQuery,
  Trends,
} from "@tandem/shared";
import { monthKey, toIsoDate } from "@tandem/shared";
import { and, eq, gte, inArray, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { type Executor, rows } from "../db/client";
import { accounts, categories, households, transactionMonthTotals, transactions } from "../db/schema";
import { type CategoryRef, rootsOf, toSafeNumber } from "../domain/analytics/classify";
import { type DateRange, splitRange } from "../domain/analytics/months";
import {
  change,
  type Group,
  incomeExpenseByMonth,
  monthsBefore,
  ratio,
  rollUp,
  spendingByCategoryId,
  UNCATEGORISED,
} from "../domain/analytics/reports";
import { notFound } from "../lib/problem";

export interface Scope {
  householdId: string;
  from: string;
  to: string;
  /** null: the household's base currency, read in the same statement (no extra round trip). */
  currency: string | null;
  includePending: boolean;
  accountId?: string | undefined;
  member?: string | undefined;
}

/** Fills the defaults: the last 12 calendar months to today, the household's currency. */
export function resolveScope(householdId: string, q: AnalyticsQuery, today: Date): Scope {
  const to = q.to ?? toIsoDate(today);
  return {
    householdId,
    from: q.from ?? `${monthsBefore(monthKey(to), 11)}-01`,
    to,
    currency: q.currency ?? null,
    includePending: q.includePending ?? false,
    accountId: q.accountId,
    member: q.member,
  };
}

/** The report's currency and the household's categories, fetched beside the report's own query. */
async function context(db: Executor, s: Scope): Promise<{ currency: string; tree: CategoryRef[] }> {
  const [tree, currency] = await Promise.all([
    loadCategories(db, s.householdId),
    s.currency
      ? Promise.resolve(s.currency)
      : db
          .select({ currency: households.baseCurrency })
          .from(households)
          .where(eq(households.id, s.householdId))
          .then(([row]) => {
            if (!row) throw notFound("Household");
            return row.currency;
          }),
  ]);
  return { currency, tree };
}

const currencyOf = (s: Scope): SQL =>
  s.currency
    ? sql`${s.currency}`
    : sql`(select ${households.baseCurrency} from ${households} where ${households.id} = ${s.householdId})`;

const t = transactions;

/** The accounts a member filter stands for: owned by the member, or by no one ("shared"). */
function memberAccounts(s: Scope, accountColumn: AnyPgColumn = t.accountId): SQL | undefined {
  if (!s.member) return undefined;
  const owner = s.member === "shared" ? isNull(accounts.ownerId) : eq(accounts.ownerId, s.member);
  return inArray(
    accountColumn,
    sql`(select ${accounts.id} from ${accounts} where ${and(eq(accounts.householdId, s.householdId), owner)})`,
  );
}

function where(s: Scope, range: { from?: string; to: string } = s): SQL {
  return and(
    eq(t.householdId, s.householdId),
    range.from ? gte(t.date, range.from) : undefined,
    lte(t.date, range.to),
    sql`${t.currency} = ${currencyOf(s)}`,
    s.includePending ? undefined : eq(t.pending, false),
    s.accountId ? eq(t.accountId, s.accountId) : undefined,
    memberAccounts(s),
  )!;
}

async function loadCategories(db: Executor, householdId: string): Promise<CategoryRef[]> {
  return db
    .select({ id: categories.id, parentId: categories.parentId, name: categories.name, kind: categories.kind })
    .from(categories)
    .where(eq(categories.householdId, householdId))
    .orderBy(categories.name);
}

interface GroupRow {
  category_id: string | null;
  month?: string;
  total: string;
}
const toGroups = (result: unknown): Group[] =>
  rows<GroupRow>(result).map((r) => ({
    categoryId: r.category_id,
    ...(r.month ? { month: r.month } : {}),
    total: BigInt(r.total),
  }));

const MONTH = sql.raw(`to_char(date_trunc('month', "date"::timestamp), 'YYYY-MM')`);
const m = transactionMonthTotals;

/**
 * Rows of (month, account_id, category_id, inflow, amount) covering the range: whole
 * months from the monthly totals the database keeps, the partial months at either end
 * from the transactions. A year is then ~twelve rows per account and category.
 */
function monthlySums(s: Scope, dates: DateRange): SQL {
  const { whole, partial } = splitRange(dates);
  const parts: SQL[] = partial.map(
    (part) => sql`select ${MONTH} as month, ${t.accountId} as account_id, ${t.categoryId} as category_id,
                         ${t.amount} > 0 as inflow, ${t.amount} as amount
                    from ${t} where ${where(s, part)}`,
  );
  if (whole) {
    const scope = and(
      eq(m.householdId, s.householdId),
      whole.first ? gte(m.month, whole.first) : undefined,
      lte(m.month, whole.last),
      sql`${m.currency} = ${currencyOf(s)}`,
      s.includePending ? undefined : eq(m.pending, false),
      s.accountId ? eq(m.accountId, s.accountId) : undefined,
      memberAccounts(s, m.accountId),
    );
    parts.push(sql`select to_char(${m.month}, 'YYYY-MM') as month, ${m.accountId} as account_id,
                          ${m.categoryId} as category_id, ${m.inflow} as inflow, ${m.amount} as amount
                     from ${m} where ${scope}`);
  }
  return sql.join(parts, sql` union all `);
}

/** Sums by category, and by money in/out so uncategorised rows can be told apart. */
async function groupsByCategory(db: Executor, s: Scope): Promise<Group[]> {
  return toGroups(
    await db.execute(sql`
      select category_id, sum(amount)::text as total
        from (${monthlySums(s, s)}) sums
       group by category_id, inflow`),
  );
}

async function groupsByMonth(db: Executor, s: Scope, from = s.from): Promise<Group[]> {
  return toGroups(
    await db.execute(sql`
      select month, category_id, sum(amount)::text as total
        from (${monthlySums(s, { from, to: s.to })}) sums
       group by month, category_id, inflow`),
  );
}

const range = (s: Scope, currency: string) => ({ from: s.from, to: s.to, currency });

export async function spendingByCategory(db: Executor, s: Scope): Promise<SpendingByCategory> {
  const [groups, { currency, tree }] = await Promise.all([groupsByCategory(db, s), context(db, s)]);
  const spend = spendingByCategoryId(groups, tree);
  const total = [...spend.values()].reduce((a, b) => a + b, 0n);
  return { ...range(s, currency), total: toSafeNumber(total), items: rollUp(spend, tree) };
}

export async function incomeExpense(db: Executor, s: Scope): Promise<IncomeExpense> {
  const [groups, { currency, tree }] = await Promise.all([groupsByMonth(db, s), context(db, s)]);
  const months = incomeExpenseByMonth(groups, tree, monthKey(s.from), monthKey(s.to));
  const income = months.reduce((a, m) => a + BigInt(m.income), 0n);
  const expense = months.reduce((a, m) => a + BigInt(m.expense), 0n);
  return {
    ...range(s, currency),
    totals: { income: toSafeNumber(income), expense: toSafeNumber(expense), net: toSafeNumber(income - expense) },
    months,
  };
}

export async function savingsRate(db: Executor, s: Scope): Promise<SavingsRate> {
  const report = await incomeExpense(db, s);
  const { income, expense, net } = report.totals;
  return {
    from: report.from,
    to: report.to,
    currency: report.currency,
    total: { income, expense, saved: net, rate: ratio(net, income, 4) },
    months: report.months.map((m) => ({
      month: m.month,
      income: m.income,
      expense: m.expense,
      saved: m.net,
      rate: ratio(m.net, m.income, 4),
    })),
  };
}

/**
 * Spending per top-level category (subcategories rolled in) for each month from the
 * month of `from` to the month of `to`, against the month before and the same month a
 * year before. Whole months: the first month counts from its first day.
 */
export async function trends(db: Executor, s: Scope): Promise<Trends> {
  const first = monthKey(s.from);
  const last = monthKey(s.to);
  const [groups, { currency, tree }] = await Promise.all([
    groupsByMonth(db, s, `${monthsBefore(first, 12)}-01`),
    context(db, s),
  ]);
  const roots = rootsOf(tree);
  // month → root id (or "" for uncategorised) → spending
  const byMonth = new Map<string, Map<string, bigint>>();
  const monthsOfGroups = new Map<string, Group[]>();
  for (const g of groups) {
    const list = monthsOfGroups.get(g.month!);
    if (list) list.push(g);
    else monthsOfGroups.set(g.month!, [g]);
  }
  for (const [month, list] of monthsOfGroups) {
    const perRoot = new Map<string, bigint>();
    for (const [id, amount] of spendingByCategoryId(list, tree)) {
      const key = id === null ? "" : (roots.get(id) ?? id);
      perRoot.set(key, (perRoot.get(key) ?? 0n) + amount);
    }
    byMonth.set(month, perRoot);
  }
  const months: string[] = [];
  for (let m = first; m <= last; m = monthsBefore(m, -1)) months.push(m);
  const keys = new Set<string>();
  for (const m of months) for (const key of byMonth.get(m)?.keys() ?? []) keys.add(key);
  const names = new Map(tree.map((c) => [c.id, c.name]));
  const spendOf = (month: string, key: string) => toSafeNumber(byMonth.get(month)?.get(key) ?? 0n);
  const items = [...keys]
    .map((key) => ({
      categoryId: key === "" ? null : key,
      name: key === "" ? UNCATEGORISED : (names.get(key) ?? ""),
      months: months.map((month) => {
        const amount = spendOf(month, key);
        return {
          month,
          amount,
          monthOverMonth: change(amount, spendOf(monthsBefore(month, 1), key)),
          yearOverYear: change(amount, spendOf(monthsBefore(month, 12), key)),
        };
      }),
    }))
    .sort((a, b) => (a.categoryId === null ? 1 : b.categoryId === null ? -1 : a.name.localeCompare(b.name)));
  return { ...range(s, currency), items };
}

export async function topMerchants(db: Executor, s: Scope, q: Pick<TopMerchantsQuery, "limit">): Promise<TopMerchants> {
  // Spending only: expense categories, and uncategorised money out.
  const [result, { currency }] = await Promise.all([
    db.execute(sql`
    select coalesce(${t.merchant}, ${t.description}) as merchant, sum(${t.amount})::text as total, count(*)::int as count
      from ${t}
     where ${where(s)}
       and (${t.categoryId} in (select ${categories.id} from ${categories}
                                 where ${categories.householdId} = ${s.householdId} and ${categories.kind} = 'expense')
            or (${t.categoryId} is null and ${t.amount} < 0))
     group by 1
     order by sum(${t.amount}) asc, 1 asc
     limit ${q.limit}`),
    context(db, s),
  ]);
  return {
    ...range(s, currency),
    items: rows<{ merchant: string; total: string; count: number }>(result).map((r) => ({
      merchant: r.merchant,
      amount: toSafeNumber(-BigInt(r.total)),
      count: r.count,
    })),
  };
}

/** The accounts in scope: the report's currency, and the account or member filter. */
async function accountsInScope(db: Executor, s: Scope) {
  return db
    .select({ id: accounts.id, name: accounts.name, openingBalance: accounts.openingBalance })
    .from(accounts)
    .where(
      and(
        eq(accounts.householdId, s.householdId),
        sql`${accounts.currency} = ${currencyOf(s)}`,
        s.accountId ? eq(accounts.id, s.accountId) : undefined,
        s.member ? (s.member === "shared" ? isNull(accounts.ownerId) : eq(accounts.ownerId, s.member)) : undefined,
      ),
    )
    .orderBy(accounts.name, accounts.id);
}

/**
 * Month-end balances: opening balance plus every transaction up to each month's end
 * (transfers included: they move real money between accounts). History before `from`
 * is summed too: from the monthly totals, so it costs a few rows per month, not every
 * transaction since the first.
 */
async function monthlyMovements(db: Executor, s: Scope, byAccount: boolean) {
  const result = await db.execute(sql`
    select ${byAccount ? sql`account_id` : sql`null::uuid`} as account_id,
           case when month < ${monthKey(s.from)} then '' else month end as month,
           sum(amount)::text as total
      from (${monthlySums(s, { to: s.to })}) sums
     group by 1, 2`);
  return rows<{ account_id: string | null; month: string; total: string }>(result);
}

function monthList(s: Scope): string[] {
  const out: string[] = [];
  for (let m = monthKey(s.from); m <= monthKey(s.to); m = monthsBefore(m, -1)) out.push(m);
  return out;
}

function cumulative(opening: bigint, movements: Map<string, bigint>, months: string[]): number[] {
  let running = opening + (movements.get("") ?? 0n);
  return months.map((m) => {
    running += movements.get(m) ?? 0n;
    return toSafeNumber(running);
  });
}

export async function balances(db: Executor, s: Scope): Promise<Balances> {
  const [list, movements, { currency }] = await Promise.all([
    accountsInScope(db, s),
    monthlyMovements(db, s, true),
    context(db, s),
  ]);
  const months = monthList(s);
  const perAccount = new Map<string, Map<string, bigint>>();
  for (const r of movements) {
    const map = perAccount.get(r.account_id!) ?? new Map<string, bigint>();
    map.set(r.month, BigInt(r.total));
    perAccount.set(r.account_id!, map);
  }
  return {
    ...range(s, currency),
    months,
    accounts: list.map((a) => ({
      accountId: a.id,
      name: a.name,
      balances: cumulative(BigInt(a.openingBalance), perAccount.get(a.id) ?? new Map(), months),
    })),
  };
}

export async function netWorth(db: Executor, s: Scope): Promise<NetWorth> {
  const [list, movements, { currency }] = await Promise.all([
    accountsInScope(db, s),
    monthlyMovements(db, s, false),
    context(db, s),
  ]);
  const months = monthList(s);
  const opening = list.reduce((sum, a) => sum + BigInt(a.openingBalance), 0n);
  const values = cumulative(opening, new Map(movements.map((r) => [r.month, BigInt(r.total)])), months);
  return { ...range(s, currency), months: months.map((month, i) => ({ month, netWorth: values[i]! })) };
}
