import { addDays, type RecurringCadence } from "@tandem/shared";
import { addMonthsClamped, daysBetween, daysInMonth } from "./schedule";

/**
 * Finds recurring series in a household's history. Pure: the adapter loads the
 * transactions and persists members' decisions.
 *
 * A series is one account, one merchant key (the merchant, else the description with
 * reference numbers and punctuation removed) and one direction (money in or out),
 * whose amounts agree within AMOUNT_TOLERANCE and whose dates form a chain at a fixed
 * cadence. Dates may be off by a cadence's slack (a charge three days late still
 * counts), one occurrence may be missing between two links (a skipped month), and
 * transactions that fit no chain (a one-off purchase at the same shop) are ignored.
 */

export interface HistoryTransaction {
  id: string;
  accountId: string;
  date: string;
  amount: number;
  currency: string;
  merchant: string | null;
  description: string;
  categoryId: string | null;
}

export interface DetectedSeries {
  /** Stable identity: account, direction, merchant key and cadence. */
  key: string;
  accountId: string;
  merchantKey: string;
  merchant: string;
  description: string;
  currency: string;
  categoryId: string | null;
  cadence: RecurringCadence;
  /** Median of the chain's amounts, in minor units. */
  amount: number;
  lastDate: string;
  nextDate: string;
  occurrences: number;
  /** Seen occurrences over expected ones along the chain (a skipped month lowers it). */
  confidence: number;
  /** The chain's transaction ids, newest first. */
  transactionIds: string[];
}

/**
 * Amounts agree when within 10% of the cluster's centre or 100 minor units (1.00 in
 * most currencies), whichever is larger: a utility bill drifts, a price rise is
 * usually under 10%, and a small subscription may change by a few cents in tax.
 */
export const AMOUNT_TOLERANCE = { fraction: 0.1, minor: 100 } as const;

/** Enough evidence for a cadence: three occurrences, or two a year apart. */
export const MIN_OCCURRENCES: Record<RecurringCadence, number> = { weekly: 3, biweekly: 3, monthly: 3, yearly: 2 };

interface CadenceRule {
  /** Does `b` fall k steps after `a`, within the slack? */
  fits(a: string, b: string, k: number): boolean;
  /** At most this many steps per link: 2 allows one missed occurrence. */
  maxSteps: number;
  /** Slack in days either side of the expected date. */
  slack: number;
}

const dayStep = (days: number, slack: number): CadenceRule => ({
  fits: (a, b, k) => Math.abs(daysBetween(a, b) - days * k) <= slack,
  maxSteps: 2,
  slack,
});
const monthStep = (months: number, slack: number, maxSteps: number): CadenceRule => ({
  // Compared with the clamped calendar date, so Jan 31 → Feb 28 is exactly one month.
  fits: (a, b, k) => Math.abs(daysBetween(addMonthsClamped(a, months * k), b)) <= slack,
  maxSteps,
  slack,
});

const RULES: Record<RecurringCadence, CadenceRule> = {
  weekly: dayStep(7, 1),
  biweekly: dayStep(14, 2),
  monthly: monthStep(1, 3, 2),
  yearly: monthStep(12, 7, 1),
};
/** Longer cadences first: on a tie (biweekly data is also weekly with every other week missing) the longer wins. */
const CADENCE_ORDER: RecurringCadence[] = ["yearly", "monthly", "biweekly", "weekly"];

/** "NETFLIX.COM 8472", "Netflix.com #12" → "netflix com". Tokens holding digits are references. */
export function merchantKey(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .split(/[^a-z0-9]+/)
    .filter((token) => token.length > 0 && !/\d/.test(token))
    .join(" ");
}

export function withinTolerance(amount: number, centre: number): boolean {
  const allowed = Math.max(Math.abs(centre) * AMOUNT_TOLERANCE.fraction, AMOUNT_TOLERANCE.minor);
  return Math.abs(amount - centre) <= allowed;
}

/** Median in minor units; for an even count the mean of the middle two, halves away from zero. */
export function medianMinor(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid]!;
  const sum = sorted[mid - 1]! + sorted[mid]!;
  const half = Math.floor(Math.abs(sum) / 2) + (Math.abs(sum) % 2);
  return sum < 0 ? -half : half;
}

/** Groups of similar amounts: repeatedly take the largest set within tolerance of one member's amount. */
function amountClusters(txns: HistoryTransaction[]): HistoryTransaction[][] {
  let rest = [...txns];
  const clusters: HistoryTransaction[][] = [];
  while (rest.length > 0) {
    let best: HistoryTransaction[] = [];
    for (const centre of rest) {
      const members = rest.filter((t) => withinTolerance(t.amount, centre.amount));
      if (members.length > best.length) best = members;
    }
    clusters.push(best);
    const taken = new Set(best.map((t) => t.id));
    rest = rest.filter((t) => !taken.has(t.id));
  }
  return clusters;
}

interface Chain {
  items: HistoryTransaction[];
  steps: number;
}

/** Longest chain of dates at this cadence (dynamic programming over the date-sorted cluster). */
function longestChain(sorted: HistoryTransaction[], rule: CadenceRule): Chain {
  const n = sorted.length;
  const length = new Array<number>(n).fill(1);
  const steps = new Array<number>(n).fill(0);
  const previous = new Array<number>(n).fill(-1);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < j; i++) {
      for (let k = 1; k <= rule.maxSteps; k++) {
        if (!rule.fits(sorted[i]!.date, sorted[j]!.date, k)) continue;
        const better = length[i]! + 1 > length[j]! || (length[i]! + 1 === length[j]! && steps[i]! + k < steps[j]!);
        if (better) {
          length[j] = length[i]! + 1;
          steps[j] = steps[i]! + k;
          previous[j] = i;
        }
      }
    }
  }
  let end = 0;
  for (let j = 1; j < n; j++) {
    // Prefer the longest chain, then the one that reaches the latest date.
    if (length[j]! >= length[end]!) end = j;
  }
  const items: HistoryTransaction[] = [];
  for (let j = end; j >= 0; j = previous[j]!) items.unshift(sorted[j]!);
  return { items, steps: steps[end]! };
}

function mostCommon<T>(values: T[]): T {
  const counts = new Map<T, number>();
  let best = values[0] as T;
  for (const value of values) {
    const count = (counts.get(value) ?? 0) + 1;
    counts.set(value, count);
    if (count > (counts.get(best) ?? 0)) best = value;
  }
  return best;
}

/** Next expected date: one step after the last, on the series' usual day of the month. */
function expectedNext(chain: HistoryTransaction[], cadence: RecurringCadence): string {
  const last = chain[chain.length - 1]!.date;
  if (cadence === "weekly") return addDays(last, 7);
  if (cadence === "biweekly") return addDays(last, 14);
  // A charge on the last day of a short month stands for "month end": count it as the 31st.
  const days = chain.map((t) => {
    const [y, m, d] = t.date.split("-").map(Number) as [number, number, number];
    return d === daysInMonth(y, m) ? 31 : d;
  });
  const usualDay = medianMinor(days);
  return addMonthsClamped(last, cadence === "monthly" ? 1 : 12, usualDay);
}

/** A series whose last charge is more than two periods (plus slack) ago has stopped. */
function stillActive(nextDate: string, cadence: RecurringCadence, today: string): boolean {
  const rule = RULES[cadence];
  const periodDays = { weekly: 7, biweekly: 14, monthly: 31, yearly: 366 }[cadence];
  return daysBetween(nextDate, today) <= periodDays + rule.slack;
}

export function detectRecurring(history: HistoryTransaction[], today: string): DetectedSeries[] {
  const groups = new Map<string, HistoryTransaction[]>();
  for (const txn of history) {
    if (txn.amount === 0) continue;
    const key = merchantKey(txn.merchant ?? txn.description);
    if (!key) continue;
    const groupKey = `${txn.accountId}|${txn.amount < 0 ? "out" : "in"}|${key}`;
    const group = groups.get(groupKey);
    if (group) group.push(txn);
    else groups.set(groupKey, [txn]);
  }

  const found = new Map<string, DetectedSeries>();
  for (const [groupKey, txns] of groups) {
    const merchantKeyText = groupKey.split("|")[2]!;
    for (const cluster of amountClusters(txns)) {
      const sorted = [...cluster].sort((a, b) =>
        a.date === b.date ? a.id.localeCompare(b.id) : a.date < b.date ? -1 : 1,
      );
      let best: { cadence: RecurringCadence; chain: Chain } | null = null;
      for (const cadence of CADENCE_ORDER) {
        const chain = longestChain(sorted, RULES[cadence]);
        if (chain.items.length < MIN_OCCURRENCES[cadence]) continue;
        if (!best || chain.items.length > best.chain.items.length) best = { cadence, chain };
      }
      if (!best) continue;
      const { cadence, chain } = best;
      const nextDate = expectedNext(chain.items, cadence);
      if (!stillActive(nextDate, cadence, today)) continue;
      const key = `${groupKey}|${cadence}`;
      // Two clusters of one merchant at one cadence (a price change beyond tolerance): keep the more recent.
      const existing = found.get(key);
      const lastDate = chain.items[chain.items.length - 1]!.date;
      if (existing && existing.lastDate >= lastDate) continue;
      found.set(key, {
        key,
        accountId: chain.items[0]!.accountId,
        merchantKey: merchantKeyText,
        merchant: mostCommon(chain.items.map((t) => t.merchant ?? t.description)),
        description: mostCommon(chain.items.map((t) => t.description)),
        currency: chain.items[0]!.currency,
        categoryId: mostCommon(chain.items.map((t) => t.categoryId)),
        cadence,
        amount: medianMinor(chain.items.map((t) => t.amount)),
        lastDate,
        nextDate,
        occurrences: chain.items.length,
        confidence: Math.floor((chain.items.length * 100) / (chain.steps + 1)) / 100,
        transactionIds: chain.items.map((t) => t.id).reverse(),
      });
    }
  }
  return [...found.values()].sort((a, b) =>
    a.nextDate === b.nextDate ? a.key.localeCompare(b.key) : a.nextDate < b.nextDate ? -1 : 1,
  );
}
