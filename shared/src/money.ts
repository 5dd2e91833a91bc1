/**
 * Money is an integer count of minor units plus an ISO 4217 code. Nothing here
 * touches floating point: decimal strings are parsed digit by digit.
 */

/** ISO 4217 minor-unit exponents that differ from the common 2. */
const EXPONENT_EXCEPTIONS: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

export function minorUnitExponent(currency: string): number {
  return EXPONENT_EXCEPTIONS[currency] ?? 2;
}

export class MoneyParseError extends Error {}

/**
 * "12.34" in USD → 1234. Rejects more fractional digits than the currency has
 * rather than rounding: a value we cannot represent exactly is an input error.
 */
export function toMinorUnits(decimal: string, currency: string): number {
  const match = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!match) throw new MoneyParseError(`"${decimal}" is not a decimal amount`);
  const [, sign, whole = "0", fraction = ""] = match;
  const exponent = minorUnitExponent(currency);
  if (fraction.length > exponent) {
    throw new MoneyParseError(`"${decimal}" has more than ${exponent} decimal places for ${currency}`);
  }
  const minor = BigInt(whole + fraction.padEnd(exponent, "0"));
  const signed = sign === "-" ? -minor : minor;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyParseError(`"${decimal}" is too large`);
  }
  return Number(signed);
}

/** 1234 USD → "12.34"; exact, for CSV exports and logs. */
export function toDecimalString(minor: number, currency: string): string {
  const exponent = minorUnitExponent(currency);
  const negative = minor < 0;
  const digits = Math.abs(minor)
    .toString()
    .padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? "-" : ""}${whole}${exponent > 0 ? `.${fraction}` : ""}`;
}

/** Human formatting, locale-aware, built from the exact decimal string. */
export function formatMoney(minor: number, currency: string, locale = "en-US"): string {
  const exponent = minorUnitExponent(currency);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(toDecimalString(minor, currency) as unknown as number);
}

/** An amount or total beyond ±(2^53 − 1) minor units, which JSON numbers cannot carry exactly. */
export class AmountOutOfRangeError extends RangeError {
  override name = "AmountOutOfRangeError";
}

/** A bigint total as a number, or AmountOutOfRangeError: never a rounded total. */
export function safeMinor(total: bigint, what = "total"): number {
  if (total > BigInt(Number.MAX_SAFE_INTEGER) || total < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new AmountOutOfRangeError(`${what} exceeds the safe integer range`);
  }
  return Number(total);
}

/** Sum of minor units that refuses to lose precision silently. */
export function sumMinor(values: Iterable<number>): number {
  let total = 0n;
  for (const v of values) total += BigInt(v);
  return safeMinor(total, "sum");
}

/**
 * A decimal number from an outside JSON API (Plaid sends amounts as JSON numbers) to
 * minor units. The number is written out with more digits than any currency has, so
 * binary noise sits far below the minor unit, then rounded half-to-even there: the
 * same input always gives the same cents, and ties do not drift in one direction.
 */
export function roundToMinorUnits(value: number, currency: string): number {
  if (!Number.isFinite(value)) throw new MoneyParseError(`${value} is not an amount`);
  const exponent = minorUnitExponent(currency);
  const [whole = "0", fraction = ""] = Math.abs(value)
    .toFixed(exponent + 6)
    .split(".");
  let minor = BigInt(whole + fraction.slice(0, exponent));
  const rest = fraction.slice(exponent);
  const half = `5${"0".repeat(rest.length - 1)}`;
  if (rest > half || (rest === half && minor % 2n === 1n)) minor += 1n;
  const signed = value < 0 ? -minor : minor;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new MoneyParseError(`${value} is too large`);
  }
  return Number(signed);
}
