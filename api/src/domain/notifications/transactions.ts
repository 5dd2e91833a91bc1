import { addDays } from "@tandem/shared";

/**
 * Which new transactions are news. Only posted ones count: when a pending card payment
 * posts, the bank sends it again as a new transaction with a new id, so checking
 * pending ones would tell the same story twice (and with a tip-less amount). Only
 * recent ones count: linking a bank or importing last year's statement brings months
 * of history at once, and a large payment from March is not news in June. Moves between
 * the household's own accounts (a transfer category) are not news either: the money
 * did not go anywhere.
 */
export const RECENT_DAYS = 30;

/**
 * "Unusual": money out at a merchant more than UNUSUAL_FACTOR times the median of the
 * household's earlier payments there (same currency), once there are at least
 * UNUSUAL_MIN_HISTORY of them. The median, not the mean, so one earlier outlier does
 * not hide the next. Only the latest UNUSUAL_HISTORY payments count, so a merchant
 * whose prices moved is judged by its recent ones.
 */
export const UNUSUAL_FACTOR = 3;
export const UNUSUAL_MIN_HISTORY = 3;
export const UNUSUAL_HISTORY = 20;

export interface NewTransaction {
  id: string;
  date: string;
  amount: number;
  currency: string;
  merchant: string | null;
  description: string;
  pending: boolean;
  /** Its category is a transfer between the household's own accounts. */
  transfer: boolean;
}

/** An earlier outflow, as a positive amount. */
export interface PastOutflow {
  merchantKey: string;
  currency: string;
  date: string;
  amount: number;
}

/** Who the money went to: the merchant when known, else the bank's description, compared case-insensitively. */
export function merchantKey(t: { merchant: string | null; description: string }): string {
  return (t.merchant ?? t.description).trim().toLowerCase();
}

export function isNews(t: NewTransaction, today: string): boolean {
  return !t.pending && !t.transfer && t.amount !== 0 && t.date >= addDays(today, -RECENT_DAYS);
}

/** The absolute amount to compare with members' thresholds, or null if thresholds do not apply (another currency). */
export function largeMagnitude(t: NewTransaction, baseCurrency: string): number | null {
  // Thresholds are in the base currency; converting needs a rate on the transaction's date,
  // so other currencies are left out rather than compared as if they were the base one.
  return t.currency === baseCurrency ? Math.abs(t.amount) : null;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Earlier outflows grouped by merchant and currency, each group in date order, so a sync's thousands of new rows each look up their own. */
export type PaymentHistory = ReadonlyMap<string, readonly PastOutflow[]>;

const historyKey = (merchant: string, currency: string) => `${currency} ${merchant}`;

export function indexPaymentHistory(history: readonly PastOutflow[]): PaymentHistory {
  const groups = new Map<string, PastOutflow[]>();
  for (const h of history) {
    const key = historyKey(h.merchantKey, h.currency);
    const group = groups.get(key);
    if (group) group.push(h);
    else groups.set(key, [h]);
  }
  for (const group of groups.values()) group.sort((a, b) => a.date.localeCompare(b.date));
  return groups;
}

/** How many of the date-ordered payments fall strictly before `date`. */
function countBefore(payments: readonly PastOutflow[], date: string): number {
  let low = 0;
  let high = payments.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (payments[mid]!.date < date) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The typical earlier payment when `t` is unusual for its merchant; null when it is not. */
export function unusualAgainst(t: NewTransaction, history: PaymentHistory): number | null {
  if (t.amount >= 0) return null;
  const payments = history.get(historyKey(merchantKey(t), t.currency)) ?? [];
  const before = countBefore(payments, t.date);
  const earlier = payments.slice(Math.max(0, before - UNUSUAL_HISTORY), before).map((h) => h.amount);
  if (earlier.length < UNUSUAL_MIN_HISTORY) return null;
  const typical = median(earlier);
  return -t.amount > UNUSUAL_FACTOR * typical ? Math.round(typical) : null;
}
