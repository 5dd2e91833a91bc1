/**
 * Budget periods are calendar periods, never "30 days from the start date": weeks run
 * Monday to Sunday (ISO 8601), months and years are the calendar's, quarters begin in
 * January, April, July and October. All arithmetic is on UTC calendar dates
 * ("YYYY-MM-DD"), so no time zone or daylight-saving shift can move a boundary.
 */
import type { BudgetPeriod } from "@tandem/shared";

export interface Period {
  /** First day, inclusive. */
  start: string;
  /** Last day, inclusive. */
  end: string;
}

const DAY_MS = 86_400_000;

function parts(isoDate: string): [number, number, number] {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return [y, m, d];
}

/** A UTC date from parts; setUTCFullYear, not Date.UTC, which maps years 0-99 to 19xx. Month may overflow. */
function utc(year: number, monthIndex: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date;
}

function iso(date: Date): string {
  const y = String(date.getUTCFullYear()).padStart(4, "0");
  const m = String(date.getUTCMonth() + 1).padStart(2, "0");
  const d = String(date.getUTCDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}

export function shiftDays(isoDate: string, days: number): string {
  const [y, m, d] = parts(isoDate);
  return iso(utc(y, m - 1, d + days));
}

/** Whole days from a to b (b - a); 0 for the same date. */
export function daysFrom(a: string, b: string): number {
  const [ya, ma, da] = parts(a);
  const [yb, mb, db] = parts(b);
  return Math.round((utc(yb, mb - 1, db).getTime() - utc(ya, ma - 1, da).getTime()) / DAY_MS);
}

/** Number of days in a period, both ends included. */
export const daysIn = (p: Period) => daysFrom(p.start, p.end) + 1;

/** The calendar period of the given kind that contains `date`. */
export function periodContaining(kind: BudgetPeriod, date: string): Period {
  const [y, m, d] = parts(date);
  switch (kind) {
    case "weekly": {
      // getUTCDay: 0 = Sunday. Days since Monday: Monday 0 … Sunday 6.
      const sinceMonday = (utc(y, m - 1, d).getUTCDay() + 6) % 7;
      const start = shiftDays(date, -sinceMonday);
      return { start, end: shiftDays(start, 6) };
    }
    case "monthly":
      // Day 0 of the next month is the last day of this one: 28, 29, 30 or 31.
      return { start: iso(utc(y, m - 1, 1)), end: iso(utc(y, m, 0)) };
    case "quarterly": {
      const first = Math.floor((m - 1) / 3) * 3;
      return { start: iso(utc(y, first, 1)), end: iso(utc(y, first + 3, 0)) };
    }
    case "yearly":
      return { start: iso(utc(y, 0, 1)), end: iso(utc(y, 11, 31)) };
  }
}

export const nextPeriod = (kind: BudgetPeriod, p: Period) => periodContaining(kind, shiftDays(p.end, 1));
export const previousPeriod = (kind: BudgetPeriod, p: Period) => periodContaining(kind, shiftDays(p.start, -1));

/** Every period from the one containing `from` to the one containing `to`, in order. */
export function periodsBetween(kind: BudgetPeriod, from: string, to: string): Period[] {
  const out: Period[] = [];
  const last = periodContaining(kind, to);
  for (let p = periodContaining(kind, from); p.start <= last.start; p = nextPeriod(kind, p)) out.push(p);
  return out;
}
