import type { MemberAmount } from "@tandem/shared";

export interface SettlementMove {
  fromMemberId: string | null;
  toMemberId: string | null;
  amount: number;
  currency: string;
}

export interface Balance {
  currency: string;
  /** Positive = owed to the member. Adds up to zero. */
  net: MemberAmount[];
  debt: { fromMemberId: string; toMemberId: string; amount: number } | null;
  transactionCount: number;
  settledAmount: number;
}

/**
 * Sums transaction effects and settlements per currency. Paying a settlement raises the
 * payer's position and lowers the receiver's by the same amount, so a settlement of the
 * whole debt brings both to zero. Currencies are kept apart: no rate is implied.
 */
export function balances(
  members: readonly string[],
  /** `count` (default 1): how many transactions had this same effect. */
  effects: Iterable<{ currency: string; effect: readonly MemberAmount[]; count?: number }>,
  settlements: readonly SettlementMove[],
): Balance[] {
  const byCurrency = new Map<string, { net: Map<string, bigint>; count: number; settled: bigint }>();
  const entry = (currency: string) => {
    let found = byCurrency.get(currency);
    if (!found) {
      found = { net: new Map(members.map((m) => [m, 0n])), count: 0, settled: 0n };
      byCurrency.set(currency, found);
    }
    return found;
  };
  const add = (net: Map<string, bigint>, memberId: string | null, amount: bigint) => {
    if (memberId !== null && net.has(memberId)) net.set(memberId, (net.get(memberId) ?? 0n) + amount);
  };
  for (const { currency, effect, count = 1 } of effects) {
    const target = entry(currency);
    target.count += count;
    for (const { memberId, amount } of effect) add(target.net, memberId, BigInt(amount) * BigInt(count));
  }
  for (const s of settlements) {
    const target = entry(s.currency);
    target.settled += BigInt(s.amount);
    add(target.net, s.fromMemberId, BigInt(s.amount));
    add(target.net, s.toMemberId, -BigInt(s.amount));
  }
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, { net, count, settled }]) => {
      const list = members.map((memberId) => ({ memberId, amount: Number(net.get(memberId) ?? 0n) }));
      return { currency, net: list, debt: debtOf(list), transactionCount: count, settledAmount: Number(settled) };
    });
}

/** With two members, whoever is behind owes the other exactly that much. */
export function debtOf(net: readonly MemberAmount[]): Balance["debt"] {
  const debtor = net.find((n) => n.amount < 0);
  const creditor = net.find((n) => n.amount > 0);
  if (!debtor || !creditor) return null;
  return {
    fromMemberId: debtor.memberId,
    toMemberId: creditor.memberId,
    amount: Math.min(-debtor.amount, creditor.amount),
  };
}
