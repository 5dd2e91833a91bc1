/**
 * Display formatting. Amounts stay integer minor units everywhere; they become major
 * units only here, on the way to a label.
 */
import { formatMoney, minorUnitExponent } from "../shared/money.js";

export { formatMoney };

const LOCALE = "en-US";

/** Exact, e.g. 123456 USD → "$1,234.56". */
export function money(minor: number, currency: string): string {
  return formatMoney(minor, currency, LOCALE);
}

/** An axis tick formatter for a scale in minor units: 123456 USD → "$1.2k". Display only, so a float is fine. */
export function moneyTick(currency: string): (minor: number) => string {
  const format = new Intl.NumberFormat(LOCALE, {
    style: "currency",
    currency,
    notation: "compact",
    maximumFractionDigits: 1,
  });
  const scale = 10 ** minorUnitExponent(currency);
  return (minor) => format.format(minor / scale).replace(/K$/, "k");
}

/** 0.1234 → "12.3%". */
export function percent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

const monthFormat = new Intl.DateTimeFormat(LOCALE, { month: "long", year: "numeric", timeZone: "UTC" });
const shortMonthFormat = new Intl.DateTimeFormat(LOCALE, { month: "short", year: "numeric", timeZone: "UTC" });

/** "2026-03" → a UTC Date at the start of that month, for time scales. */
export function monthDate(month: string): Date {
  return new Date(`${month}-01T00:00:00Z`);
}

/** "2026-03" → "March 2026". */
export function monthLabel(month: string): string {
  return monthFormat.format(monthDate(month));
}

/** "2026-03" → "Mar 2026". */
export function shortMonthLabel(month: string): string {
  return shortMonthFormat.format(monthDate(month));
}

const dateTimeFormat = new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short" });
const timeFormat = new Intl.DateTimeFormat(LOCALE, { timeStyle: "medium" });

/** An instant in the viewer's local time zone. */
export function localDateTime(instant: string | Date): string {
  return dateTimeFormat.format(new Date(instant));
}

export function localTime(instant: string | Date): string {
  return timeFormat.format(new Date(instant));
}

const relative = new Intl.RelativeTimeFormat(LOCALE, { numeric: "auto" });

/** "3 minutes ago", "in 2 hours", "just now". */
export function timeAgo(instant: string | Date, now: number = Date.now()): string {
  const seconds = Math.round((new Date(instant).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), "hour");
  return relative.format(Math.round(seconds / 86_400), "day");
}
