/** Bank dates are calendar dates (YYYY-MM-DD); all arithmetic is done in UTC so no DST day is 23 hours. */

const DAY_MS = 86_400_000;

export function isoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

const shifted = new Map<string, string>();

/** Memoised: generating 100,000 transactions asks for the same few thousand shifts over and over. */
export function addDays(date: string, days: number): string {
  const key = `${date}|${days}`;
  let result = shifted.get(key);
  if (result === undefined) {
    if (shifted.size > 100_000) shifted.clear();
    result = isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
    shifted.set(key, result);
  }
  return result;
}

/** Days since 1970-01-01 (a Thursday), handy for weekly and fortnightly schedules. */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function dayOfMonth(date: string): number {
  return Number(date.slice(8, 10));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return (dayNumber(date) + 4) % 7;
}

export function isLastDayOfMonth(date: string): boolean {
  return dayOfMonth(addDays(date, 1)) === 1;
}

export function isIsoDate(value: unknown): value is string {
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
}
