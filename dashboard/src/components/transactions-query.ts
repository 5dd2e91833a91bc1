/**
 * The Transactions page's filters and sort: kept in the address bar (so a reload keeps
 * them), turned into the API's query, and amounts a member types parsed into exact minor
 * units. Pure functions only, tested in transactions-query.test.ts.
 */
import { MoneyParseError, minorUnitExponent, toMinorUnits } from "../shared/money.js";

export const SORTS = ["date", "amount", "merchant", "category"] as const;
export type Sort = (typeof SORTS)[number];
export type Order = "asc" | "desc";

export interface Filters {
  from: string;
  to: string;
  accountId: string;
  categoryId: string;
  memberId: string;
  /** Typed by the member, in major units ("-12.50"); compared with the signed amount. */
  minAmount: string;
  maxAmount: string;
  q: string;
  uncategorised: boolean;
  /** "true": pending only; "false": posted only; "": both. */
  pending: PendingFilter;
  sort: Sort;
  order: Order;
}

const TEXT_FIELDS = ["from", "to", "accountId", "categoryId", "memberId", "minAmount", "maxAmount", "q"] as const;
const FLAG_FIELDS = ["uncategorised"] as const;

export type PendingFilter = "" | "true" | "false";
const isPendingFilter = (value: unknown): value is PendingFilter =>
  value === "" || value === "true" || value === "false";

/** A form's or address bar's value → the pending filter; anything else means both. */
export function pendingFilter(value: unknown): PendingFilter {
  return isPendingFilter(value) ? value : "";
}

export function emptyFilters(): Filters {
  return {
    from: "",
    to: "",
    accountId: "",
    categoryId: "",
    memberId: "",
    minAmount: "",
    maxAmount: "",
    q: "",
    uncategorised: false,
    pending: "",
    sort: "date",
    order: "desc",
  };
}

/** `?from=2026-01-01&sort=amount&order=asc` → filters; unknown or malformed values fall back to the defaults. */
export function filtersFromSearch(search: string): Filters {
  const params = new URLSearchParams(search);
  const filters = emptyFilters();
  for (const name of TEXT_FIELDS) filters[name] = params.get(name)?.trim() ?? "";
  for (const name of FLAG_FIELDS) filters[name] = params.get(name) === "true";
  filters.pending = pendingFilter(params.get("pending"));
  const sort = params.get("sort");
  if (sort && (SORTS as readonly string[]).includes(sort)) filters.sort = sort as Sort;
  const order = params.get("order");
  if (order === "asc" || order === "desc") filters.order = order;
  return filters;
}

/** Filters → `?…` for the address bar, leaving out what is at its default. */
export function filtersToSearch(filters: Filters): string {
  const params = new URLSearchParams();
  for (const name of TEXT_FIELDS) if (filters[name].trim()) params.set(name, filters[name].trim());
  for (const name of FLAG_FIELDS) if (filters[name]) params.set(name, "true");
  if (filters.pending) params.set("pending", filters.pending);
  if (filters.sort !== "date") params.set("sort", filters.sort);
  if (filters.order !== "desc") params.set("order", filters.order);
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Clicking a column's sort button: the same column flips its order; a new one starts at its natural order. */
export function nextSort(filters: Filters, sort: Sort): Filters {
  if (filters.sort === sort) return { ...filters, order: filters.order === "asc" ? "desc" : "asc" };
  const order: Order = sort === "merchant" || sort === "category" ? "asc" : "desc";
  return { ...filters, sort, order };
}

/** What a member typed as an amount ("1,234.50", "-12", "$8") → minor units, or words saying why not. */
export function parseAmount(text: string, currency: string): { value: number } | { error: string } {
  if (!text.trim()) return { error: "Enter an amount" };
  const cleaned = text
    .trim()
    .replace(/[,\s]/g, "")
    .replace(/^([+-]?)[$€£¥]/, "$1");
  try {
    return { value: toMinorUnits(cleaned, currency) };
  } catch (error) {
    if (error instanceof MoneyParseError && /decimal places/.test(error.message)) {
      return { error: `Use at most ${minorUnitExponent(currency)} decimal places` };
    }
    return { error: "Enter a number such as 12.50 (money out is negative, e.g. -12.50)" };
  }
}

export type ApiQuery = Record<string, string | number>;

/**
 * Filters → the query of GET /transactions. Amounts become minor units in `currency`;
 * a field that cannot be read is returned as an error (path = the filter's name).
 */
export function apiQuery(
  filters: Filters,
  currency: string,
  limit = 50,
): { query: ApiQuery } | { errors: { path: string; message: string }[] } {
  const query: ApiQuery = { sort: filters.sort, order: filters.order, limit };
  const errors: { path: string; message: string }[] = [];
  for (const name of ["from", "to", "accountId", "memberId", "q"] as const) {
    if (filters[name].trim()) query[name] = filters[name].trim();
  }
  if (filters.uncategorised) query.uncategorised = "true";
  else if (filters.categoryId) query.categoryId = filters.categoryId;
  if (filters.pending) query.pending = filters.pending;
  for (const name of ["minAmount", "maxAmount"] as const) {
    if (!filters[name].trim()) continue;
    const parsed = parseAmount(filters[name], currency);
    if ("error" in parsed) errors.push({ path: name, message: parsed.error });
    else query[name] = parsed.value;
  }
  return errors.length ? { errors } : { query };
}

/**
 * The text a rule could match for a selection: the merchant they all share, else the
 * description they all share; null when they have neither in common.
 */
export function commonText(
  items: readonly { merchant: string | null; description: string }[],
): { field: "merchant" | "description"; value: string } | null {
  if (!items.length) return null;
  const same = (values: (string | null)[]) => {
    const first = values[0]?.trim();
    return first && values.every((v) => v?.trim().toLowerCase() === first.toLowerCase()) ? first : null;
  };
  const merchant = same(items.map((i) => i.merchant));
  if (merchant) return { field: "merchant", value: merchant };
  const description = same(items.map((i) => i.description));
  return description ? { field: "description", value: description } : null;
}
