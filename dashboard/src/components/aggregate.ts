/**
 * The pages' arithmetic over LedgerData: pure functions, integer minor units in and out,
 * one currency at a time (different currencies are never added together).
 */
import { monthRange } from "../shared/dates.js";
import type { FlowRow, LedgerAccount, LedgerCategory, LedgerData, MerchantRow, Month } from "./ledger-data.js";

export const UNCATEGORISED = "Uncategorised";
/** Option value of the member filter for accounts nobody owns alone. */
export const SHARED = "shared";

/** Every currency with an account or a row; the household's base currency first, the rest alphabetically. */
export function currenciesOf(ledger: LedgerData): string[] {
  const found = new Set<string>();
  for (const account of ledger.accounts) found.add(account.currency);
  for (const row of ledger.flows) found.add(row.currency);
  for (const row of ledger.balances) found.add(row.currency);
  const base = ledger.household.baseCurrency;
  found.delete(base);
  return [base, ...[...found].sort()];
}

/** UTC month of an instant, "YYYY-MM". */
export function monthOf(instant: string): Month {
  return new Date(instant).toISOString().slice(0, 7);
}

/** "2026-03" → "2026-02". */
export function previousMonth(month: Month): Month {
  const [year, number] = month.split("-").map(Number) as [number, number];
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, "0")}`;
}

/** Every month of the data, oldest first (empty without transactions). */
export function monthsOf(ledger: LedgerData): Month[] {
  return ledger.months ? monthRange(ledger.months.first, ledger.months.last) : [];
}

export interface Filter {
  currency: string;
  /** Inclusive month bounds; null = open. */
  from?: Month | null;
  to?: Month | null;
  /** Only these accounts; null = all. */
  accountIds?: ReadonlySet<string> | null;
}

export function filterRows<T extends { month: Month; accountId: string; currency: string }>(
  rows: readonly T[],
  { currency, from = null, to = null, accountIds = null }: Filter,
): T[] {
  return rows.filter(
    (row) =>
      row.currency === currency &&
      (from === null || row.month >= from) &&
      (to === null || row.month <= to) &&
      (accountIds === null || accountIds.has(row.accountId)),
  );
}

/**
 * Accounts matching the account and member filters: `accountId` null = all accounts;
 * `member` null = everyone, SHARED = accounts without an owner, otherwise a member id.
 */
export function selectAccounts(
  accounts: readonly LedgerAccount[],
  { accountId = null, member = null }: { accountId?: string | null; member?: string | null },
): Set<string> {
  return new Set(
    accounts
      .filter((account) => accountId === null || account.id === accountId)
      .filter(
        (account) => member === null || (member === SHARED ? account.ownerId === null : account.ownerId === member),
      )
      .map((account) => account.id),
  );
}

/** Money spent (positive, net of refunds) in expense rows. */
export function spendingOf(rows: readonly FlowRow[]): number {
  let total = 0;
  for (const row of rows) if (row.kind === "expense") total -= row.amount;
  return total;
}

/** Money earned in income rows. */
export function incomeOf(rows: readonly FlowRow[]): number {
  let total = 0;
  for (const row of rows) if (row.kind === "income") total += row.amount;
  return total;
}

export class Categories {
  readonly byId: Map<string, LedgerCategory>;

  constructor(readonly list: readonly LedgerCategory[]) {
    this.byId = new Map(list.map((category) => [category.id, category]));
  }

  /** The root of a category's tree (itself when it has no parent); null for uncategorised. */
  topLevel(id: string | null): LedgerCategory | null {
    let category = id === null ? undefined : this.byId.get(id);
    const seen = new Set<string>();
    while (category?.parentId && !seen.has(category.id)) {
      seen.add(category.id);
      const parent = this.byId.get(category.parentId);
      if (!parent) break;
      category = parent;
    }
    return category ?? null;
  }

  /** The child of `rootId` on the way from the root down to `id` (null when `id` is the root itself). */
  childUnder(id: string, rootId: string): LedgerCategory | null {
    let category = this.byId.get(id);
    while (category?.parentId && category.parentId !== rootId) category = this.byId.get(category.parentId);
    return category?.parentId === rootId ? category : null;
  }

  name(id: string | null): string {
    return (id === null ? undefined : this.byId.get(id)?.name) ?? UNCATEGORISED;
  }
}

export interface CategorySpend {
  /** Category id; null = uncategorised (or, in a drill-down, money booked on the parent itself). */
  id: string | null;
  name: string;
  spent: number;
  count: number;
}

function rank<T extends { spent: number; name: string }>(rows: Iterable<T>): T[] {
  return [...rows].sort((a, b) => b.spent - a.spent || a.name.localeCompare(b.name));
}

/** Spending per top-level category, largest first (categories with no expense rows left out). */
export function spendingByTopCategory(rows: readonly FlowRow[], categories: Categories): CategorySpend[] {
  const groups = new Map<string | null, CategorySpend>();
  for (const row of rows) {
    if (row.kind !== "expense") continue;
    const top = categories.topLevel(row.categoryId);
    const id = top?.id ?? null;
    const group = groups.get(id) ?? { id, name: top?.name ?? UNCATEGORISED, spent: 0, count: 0 };
    group.spent -= row.amount;
    group.count += row.count;
    groups.set(id, group);
  }
  return rank(groups.values());
}

/** Spending inside one top-level category, per subcategory; money on the category itself is "<name> (general)". */
export function spendingBySubcategory(
  rows: readonly FlowRow[],
  categories: Categories,
  rootId: string,
): CategorySpend[] {
  const root = categories.byId.get(rootId);
  const groups = new Map<string | null, CategorySpend>();
  for (const row of rows) {
    if (row.kind !== "expense" || row.categoryId === null) continue;
    if (categories.topLevel(row.categoryId)?.id !== rootId) continue;
    const child = row.categoryId === rootId ? null : categories.childUnder(row.categoryId, rootId);
    const id = child?.id ?? null;
    const group = groups.get(id) ?? {
      id,
      name: child?.name ?? `${root?.name ?? "Category"} (general)`,
      spent: 0,
      count: 0,
    };
    group.spent -= row.amount;
    group.count += row.count;
    groups.set(id, group);
  }
  return rank(groups.values());
}

export interface MonthlyFlow {
  month: Month;
  income: number;
  spending: number;
}

/** Income and spending for every month in `months` (zero where nothing happened). */
export function monthlyCashFlow(rows: readonly FlowRow[], months: readonly Month[]): MonthlyFlow[] {
  const byMonth = new Map(months.map((month) => [month, { month, income: 0, spending: 0 }]));
  for (const row of rows) {
    const entry = byMonth.get(row.month);
    if (!entry) continue;
    if (row.kind === "income") entry.income += row.amount;
    else if (row.kind === "expense") entry.spending -= row.amount;
  }
  return [...byMonth.values()];
}

export interface SeriesPoint {
  month: Month;
  series: string;
  spent: number;
}

/**
 * Monthly spending per series for every month in `months`. `seriesOf` names a row's
 * series, or returns null to leave it out.
 */
export function monthlySpendingBy(
  rows: readonly FlowRow[],
  months: readonly Month[],
  seriesNames: readonly string[],
  seriesOf: (row: FlowRow) => string | null,
): SeriesPoint[] {
  const points = new Map<string, SeriesPoint>();
  for (const series of seriesNames) {
    for (const month of months) points.set(`${series}\u0000${month}`, { month, series, spent: 0 });
  }
  for (const row of rows) {
    if (row.kind !== "expense") continue;
    const series = seriesOf(row);
    const point = series === null ? undefined : points.get(`${series}\u0000${row.month}`);
    if (point) point.spent -= row.amount;
  }
  return [...points.values()];
}

export interface NetWorthPoint {
  month: Month;
  balance: number;
  accounts: number;
}

/** Sum of every account's month-end balance, per month, in one currency. */
export function netWorth(ledger: LedgerData, currency: string): NetWorthPoint[] {
  const byMonth = new Map<Month, NetWorthPoint>();
  for (const row of ledger.balances) {
    if (row.currency !== currency) continue;
    const point = byMonth.get(row.month) ?? { month: row.month, balance: 0, accounts: 0 };
    point.balance += row.balance;
    point.accounts += 1;
    byMonth.set(row.month, point);
  }
  return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
}

export interface CurrencyBalance {
  currency: string;
  balance: number;
  accounts: number;
}

/** Current balance of the open (not archived) accounts per currency, in `currencies` order. */
export function balancesByCurrency(
  accounts: readonly LedgerAccount[],
  currencies: readonly string[],
): CurrencyBalance[] {
  return currencies
    .map((currency) => {
      const own = accounts.filter((account) => account.currency === currency && !account.archived);
      return { currency, balance: own.reduce((sum, account) => sum + account.balance, 0), accounts: own.length };
    })
    .filter((entry) => entry.accounts > 0);
}

export interface MerchantSpend {
  merchant: string;
  spent: number;
  count: number;
}

/** The `limit` merchants with the most money spent (net of refunds), largest first. */
export function topMerchants(rows: readonly MerchantRow[], limit = 10): MerchantSpend[] {
  const groups = new Map<string, MerchantSpend>();
  for (const row of rows) {
    const group = groups.get(row.merchant) ?? { merchant: row.merchant, spent: 0, count: 0 };
    group.spent += row.spent;
    group.count += row.count;
    groups.set(row.merchant, group);
  }
  return [...groups.values()]
    .filter((group) => group.spent > 0)
    .sort((a, b) => b.spent - a.spent || a.merchant.localeCompare(b.merchant))
    .slice(0, limit);
}

/** Who an account belongs to, for people: the owner's name or "Shared". */
export function ownerName(ledger: LedgerData, account: LedgerAccount): string {
  if (account.ownerId === null) return "Shared";
  return ledger.household.members.find((member) => member.id === account.ownerId)?.displayName ?? "Former member";
}
