import { AmountOutOfRangeError, minorUnitExponent } from "@tandem/shared";
import { divideHalfEven, type Ratio } from "./ratio";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Integer minor units of `from` to integer minor units of `to`, where 1 `from` = `rate` `to`.
 *
 * Rounding rule: the exact value amount × rate × 10^(exp(to) − exp(from)) is computed as a
 * rational (BigInt, no floats) and rounded ONCE, to the target currency's minor unit,
 * half to even. The exponent term is what makes 1 000 JPY (exponent 0) at 0.0064 USD/JPY
 * 640 cents, and 1.234 BHD (exponent 3, 1234 fils) at 2.65 USD/BHD 327 cents.
 * The sign is handled outside the rounding, so convert(−x) = −convert(x): a refund
 * converts to exactly the negative of its purchase.
 *
 * Throws RangeError when the amount or the result is beyond ±2^53 − 1: a total that
 * can no longer be held exactly is refused rather than silently approximated.
 */
export function convertMinor(amount: number, rate: Ratio, from: string, to: string): number {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`${amount} is not a safe integer amount`);
  const shift = minorUnitExponent(to) - minorUnitExponent(from);
  const num = BigInt(Math.abs(amount)) * rate.num * (shift > 0 ? 10n ** BigInt(shift) : 1n);
  const den = rate.den * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
  const magnitude = divideHalfEven(num, den);
  if (magnitude > MAX_SAFE) {
    throw new AmountOutOfRangeError(
      `${amount} ${from} converts to more than ${Number.MAX_SAFE_INTEGER} ${to} minor units`,
    );
  }
  if (magnitude === 0n) return 0;
  return amount < 0 ? -Number(magnitude) : Number(magnitude);
}
