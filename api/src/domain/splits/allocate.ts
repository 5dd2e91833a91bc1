/**
 * Divides a signed integer amount into parts proportional to integer weights, exactly:
 * every part is floored (in absolute value), then the units left over go one each to the
 * largest remainders. Ties go to the earlier index, so callers order the parts by who
 * should absorb an odd unit first (the payer). The parts always add up to the amount.
 */
export function allocate(amount: number, weights: readonly number[]): number[] {
  if (weights.length === 0) throw new RangeError("allocate needs at least one weight");
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new RangeError("weights must be non-negative integers");
  }
  const total = weights.reduce((sum, w) => sum + BigInt(w), 0n);
  const sign = amount < 0 ? -1n : 1n;
  const magnitude = BigInt(Math.abs(amount));
  if (total === 0n)
    return allocate(
      amount,
      weights.map(() => 1),
    );

  const parts = weights.map((w) => (magnitude * BigInt(w)) / total);
  const remainders = weights.map((w, index) => ({ index, remainder: (magnitude * BigInt(w)) % total }));
  let left = magnitude - parts.reduce((sum, p) => sum + p, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(sign * p));
}
