/**
 * One month's transactions summed in the base currency. Each transaction is converted
 * on its own, at its own date's rate, before anything is added: summing per currency
 * first and converting the sum would need one rate for the whole month, which is not
 * what happened. A transaction without a rate is counted apart (see Unconverted) and
 * left out of every base figure: a partial total said to be partial beats a guess.
 *
 * Flows follow the analytics rules (domain/analytics/classify): transfers are neither
 * income nor spending, refunds lower spending, uncategorised money out is spending.
 */
import type { ReportMerchant, Unconverted } from "@tandem/shared";
import { type CategoryRef, flowOf, toSafeNumber } from "../analytics/classify";

export interface ReportTransaction {
  id: string;
  date: string;
  amount: number;
  currency: string;
  categoryId: string | null;
  /** The merchant, else the description (as the analytics top merchants count them). */
  merchant: string;
  description: string;
}

/** An amount in base minor units, or null when no rate exists for that currency and date. */
export type ToBase = (amount: number, currency: string, date: string) => number | null;

export interface MonthSummary {
  income: bigint;
  spending: bigint;
  /** Net spending per category id (null = uncategorised), base currency. */
  spendByCategory: Map<string | null, bigint>;
  merchants: Map<string, { amount: bigint; count: number }>;
  unconverted: Unconverted;
}

export const UNCONVERTED_ITEMS = 10;

export function summariseMonth(
  transactions: readonly ReportTransaction[],
  categories: readonly CategoryRef[],
  toBase: ToBase,
): MonthSummary {
  const kinds = new Map(categories.map((c) => [c.id, c.kind]));
  const out: MonthSummary = {
    income: 0n,
    spending: 0n,
    spendByCategory: new Map(),
    merchants: new Map(),
    unconverted: { count: 0, byCurrency: [], items: [] },
  };
  const missing = new Map<string, { count: number; income: bigint; spending: bigint }>();
  const sorted = [...transactions].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  for (const t of sorted) {
    const kind = t.categoryId ? (kinds.get(t.categoryId) ?? null) : null;
    const flow = flowOf(kind, t.amount);
    // Transfers count nowhere, so a missing rate for one loses nothing.
    if (!flow) continue;
    const converted = toBase(t.amount, t.currency, t.date);
    if (converted === null) {
      const entry = missing.get(t.currency) ?? { count: 0, income: 0n, spending: 0n };
      entry.count += 1;
      if (flow === "income") entry.income += BigInt(t.amount);
      else entry.spending -= BigInt(t.amount);
      missing.set(t.currency, entry);
      out.unconverted.count += 1;
      if (out.unconverted.items.length < UNCONVERTED_ITEMS) {
        out.unconverted.items.push({
          transactionId: t.id,
          date: t.date,
          description: t.description,
          amount: t.amount,
          currency: t.currency,
        });
      }
      continue;
    }
    const value = BigInt(converted);
    if (flow === "income") {
      out.income += value;
      continue;
    }
    out.spending -= value;
    out.spendByCategory.set(t.categoryId, (out.spendByCategory.get(t.categoryId) ?? 0n) - value);
    const merchant = out.merchants.get(t.merchant) ?? { amount: 0n, count: 0 };
    merchant.amount -= value;
    merchant.count += 1;
    out.merchants.set(t.merchant, merchant);
  }
  out.unconverted.byCurrency = [...missing]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, e]) => ({
      currency,
      count: e.count,
      income: toSafeNumber(e.income),
      spending: toSafeNumber(e.spending),
    }));
  return out;
}

/** The merchants with the most net spending, largest first (ties by name); refunds-only merchants left out. */
export function topMerchants(merchants: MonthSummary["merchants"], limit: number): ReportMerchant[] {
  return [...merchants]
    .filter(([, m]) => m.amount > 0n)
    .sort(([a, x], [b, y]) => (y.amount > x.amount ? 1 : y.amount < x.amount ? -1 : a.localeCompare(b)))
    .slice(0, limit)
    .map(([merchant, m]) => ({ merchant, amount: toSafeNumber(m.amount), count: m.count }));
}
