import { addDays } from "@tandem/shared";
import { formatRatio, invert, parseRate, type Ratio } from "./ratio";

/** A stored rate: 1 `base` = `rate` `quote` on `date`. */
export interface RateRow {
  date: string;
  base: string;
  quote: string;
  rate: string;
}

/** The rate found for one conversion: 1 `from` = `ratio` `to`. */
export interface FoundRate {
  ratio: Ratio;
  /** `ratio` as a decimal (12 places at most; an inverse may be rounded for display, never for converting). */
  rate: string;
  /** The date of the stored rate used; at most MAX_RATE_AGE_DAYS before the amount's date. */
  date: string;
  /** True when only the opposite pair was stored and its exact inverse was used. */
  inverse: boolean;
}

/**
 * How far back a rate may be borrowed. Central banks publish no rate on weekends and
 * holidays (Easter can leave four days without an ECB rate), so a Sunday purchase uses
 * Friday's rate; a week-old gap means the rates are missing, and the amount is reported
 * as unconverted rather than converted at a stale rate.
 */
export const MAX_RATE_AGE_DAYS = 7;

interface Dated {
  date: string;
  ratio: Ratio;
  text: string;
}

/** Rates by "BASE/QUOTE", each list sorted by date, for binary search. */
export type RateTable = Map<string, Dated[]>;

const pairKey = (base: string, quote: string) => `${base}/${quote}`;

export function buildRateTable(rows: Iterable<RateRow>): RateTable {
  const table: RateTable = new Map();
  for (const row of rows) {
    const key = pairKey(row.base, row.quote);
    const list = table.get(key) ?? [];
    const ratio = parseRate(row.rate);
    list.push({ date: row.date, ratio, text: formatRatio(ratio) });
    table.set(key, list);
  }
  for (const list of table.values()) list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return table;
}

/** The latest entry dated on or before `date` and no older than the window, or null. */
function latestWithin(list: Dated[] | undefined, date: string): Dated | null {
  if (!list) return null;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid]!.date <= date) low = mid + 1;
    else high = mid;
  }
  const found = list[low - 1];
  return found && found.date >= addDays(date, -MAX_RATE_AGE_DAYS) ? found : null;
}

/**
 * The rate to convert `from` → `to` for an amount dated `date`:
 * 1. the same currency converts at exactly 1;
 * 2. otherwise the stored rate of that date, else the latest earlier one within
 *    MAX_RATE_AGE_DAYS (rates dated after the amount are never used);
 * 3. the pair may be stored either way round: the closest date wins, and on the same
 *    date the direct pair (from/to) is preferred over the exact inverse of to/from;
 * 4. nothing else: no triangulation through a third currency, no older rate. Null
 *    means the caller must report the amount as unconverted.
 */
export function findRate(table: RateTable, from: string, to: string, date: string): FoundRate | null {
  if (from === to) return { ratio: { num: 1n, den: 1n }, rate: "1", date, inverse: false };
  const direct = latestWithin(table.get(pairKey(from, to)), date);
  const opposite = latestWithin(table.get(pairKey(to, from)), date);
  if (direct && (!opposite || direct.date >= opposite.date)) {
    return { ratio: direct.ratio, rate: direct.text, date: direct.date, inverse: false };
  }
  if (!opposite) return null;
  const ratio = invert(opposite.ratio);
  return { ratio, rate: formatRatio(ratio), date: opposite.date, inverse: true };
}
