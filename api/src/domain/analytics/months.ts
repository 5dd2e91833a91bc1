import { addDays } from "@tandem/shared";

export interface DateRange {
  /** Unbounded when absent: all history up to `to`. */
  from?: string;
  to: string;
}

export interface SplitRange {
  /** Months (their first days) wholly inside the range, read from the monthly totals. */
  whole: { first?: string; last: string } | null;
  /** The partial months at either end, read from the transactions themselves. */
  partial: DateRange[];
}

const firstOfMonth = (date: string) => `${date.slice(0, 7)}-01`;
const isLastOfMonth = (date: string) => addDays(date, 1).endsWith("-01");
const nextMonthStart = (date: string) => firstOfMonth(addDays(`${date.slice(0, 7)}-28`, 7));
const previousMonthStart = (date: string) => firstOfMonth(addDays(firstOfMonth(date), -1));

/**
 * Splits a date range so that whole months can come from precomputed monthly totals and
 * only the days of partial months at its ends from the transactions. The two parts never
 * overlap and together cover every day of the range.
 */
export function splitRange({ from, to }: DateRange): SplitRange {
  const first = from === undefined ? undefined : from === firstOfMonth(from) ? from : nextMonthStart(from);
  const last = isLastOfMonth(to) ? firstOfMonth(to) : previousMonthStart(to);
  if (first !== undefined && first > last) return { whole: null, partial: [{ ...(from ? { from } : {}), to }] };
  const partial: DateRange[] = [];
  if (from !== undefined && from < first!) partial.push({ from, to: addDays(first!, -1) });
  if (!isLastOfMonth(to)) partial.push({ from: firstOfMonth(to), to });
  return { whole: { ...(first ? { first } : {}), last }, partial };
}
