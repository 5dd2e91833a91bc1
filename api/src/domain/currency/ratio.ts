/**
 * Exchange rates as exact rationals (BigInt numerator and denominator). A rate such as
 * 0.9123 has no exact binary float, and a report multiplies thousands of amounts by it:
 * exact arithmetic and one rounding at the end make every converted cent reproducible.
 */
export interface Ratio {
  num: bigint;
  /** Always positive. */
  den: bigint;
}

export class RateParseError extends Error {}

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d{1,4}))?$/;

/** "0.9123" → 9123/10000; also "1.5e-7" (providers' JSON may write numbers that way). */
export function parseDecimal(text: string): Ratio {
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new RateParseError(`"${text}" is not a decimal number`);
  const [, whole = "0", fraction = "", exponentText = "0"] = match;
  const exponent = Number(exponentText) - fraction.length;
  const digits = BigInt(whole + fraction);
  return exponent >= 0
    ? { num: digits * 10n ** BigInt(exponent), den: 1n }
    : reduce({ num: digits, den: 10n ** BigInt(-exponent) });
}

/** A positive rate; zero or garbage is an input error, never a silent "no conversion". */
export function parseRate(text: string): Ratio {
  const ratio = parseDecimal(text);
  if (ratio.num === 0n) throw new RateParseError(`"${text}" is not a positive rate`);
  return ratio;
}

function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [a < 0n ? -a : a, b];
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

function reduce({ num, den }: Ratio): Ratio {
  const divisor = gcd(num, den);
  return divisor > 1n ? { num: num / divisor, den: den / divisor } : { num, den };
}

/** Stored base→quote, needed quote→base: exact, 1/(a/b) = b/a. */
export function invert(ratio: Ratio): Ratio {
  if (ratio.num === 0n) throw new RangeError("a zero rate has no inverse");
  return { num: ratio.den, den: ratio.num };
}

export function ratioEquals(a: Ratio, b: Ratio): boolean {
  return a.num * b.den === b.num * a.den;
}

/**
 * num/den rounded to an integer, half to even ("banker's rounding"): a tie goes to the
 * even neighbour, so ties do not drift one way across many conversions. The same rule
 * as shared's roundToMinorUnits. Non-negative inputs only; callers handle the sign.
 */
export function divideHalfEven(num: bigint, den: bigint): bigint {
  const quotient = num / den;
  const twiceRest = (num - quotient * den) * 2n;
  if (twiceRest > den || (twiceRest === den && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

/** The rate as a decimal with at most `places` fractional digits (half to even), no trailing zeros. */
export function formatRatio(ratio: Ratio, places = 12): string {
  const scaled = divideHalfEven(ratio.num * 10n ** BigInt(places), ratio.den)
    .toString()
    .padStart(places + 1, "0");
  const whole = scaled.slice(0, scaled.length - places);
  const fraction = scaled.slice(scaled.length - places).replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : whole;
}
