import { addDays, type RecurringCadence } from "@tandem/shared";

/**
 * Occurrence dates of a schedule. Every occurrence is computed from the anchor, never
 * from the previous one, so month-end clamping does not drift: an anchor of Jan 31
 * gives Feb 28 (29 in a leap year), then Mar 31 again, not Mar 28.
 */

const STEP_DAYS: Partial<Record<RecurringCadence, number>> = { weekly: 7, biweekly: 14 };
const STEP_MONTHS: Partial<Record<RecurringCadence, number>> = { monthly: 1, yearly: 12 };

export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one (month is 1-based here).
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parts(iso: string): [number, number, number] {
  return iso.split("-").map(Number) as [number, number, number];
}

function format(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The given day of the month `months` after iso's month, clamped to that month's length. */
export function addMonthsClamped(iso: string, months: number, day?: number): string {
  const [y, m, d] = parts(iso);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return format(year, month, Math.min(day ?? d, daysInMonth(year, month)));
}

/** The nth occurrence (0 = the anchor itself). */
export function occurrence(anchor: string, cadence: RecurringCadence, n: number): string {
  const days = STEP_DAYS[cadence];
  if (days !== undefined) return addDays(anchor, days * n);
  return addMonthsClamped(anchor, STEP_MONTHS[cadence]! * n);
}

/** Whole days from a to b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A lower bound on the index of the first occurrence on or after `date`, cheap to compute. */
function startIndex(anchor: string, cadence: RecurringCadence, date: string): number {
  const gap = daysBetween(anchor, date);
  if (gap <= 0) return 0;
  const days = STEP_DAYS[cadence];
  if (days !== undefined) return Math.floor(gap / days);
  // A month is at least 28 days; step back one to be safe and walk forward from there.
  return Math.max(0, Math.floor(gap / (STEP_MONTHS[cadence]! * 31)) - 1);
}

/** Occurrences in [from, to] (inclusive), none before the anchor nor after `end`. */
export function occurrencesBetween(
  anchor: string,
  cadence: RecurringCadence,
  from: string,
  to: string,
  end?: string | null,
): string[] {
  const last = end && end < to ? end : to;
  const out: string[] = [];
  for (let n = startIndex(anchor, cadence, from); ; n++) {
    const date = occurrence(anchor, cadence, n);
    if (date > last) break;
    if (date >= from) out.push(date);
  }
  return out;
}

/** The first occurrence on or after `date`, or null when the schedule has ended by then. */
export function nextOccurrence(
  anchor: string,
  cadence: RecurringCadence,
  date: string,
  end?: string | null,
): string | null {
  for (let n = startIndex(anchor, cadence, date); ; n++) {
    const next = occurrence(anchor, cadence, n);
    if (end && next > end) return null;
    if (next >= date) return next;
  }
}
