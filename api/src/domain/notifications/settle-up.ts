import { formatMoney, type SettleUp } from "@tandem/shared";

export interface SettleUpReminder {
  dedupeKey: string;
  title: string;
  body: string;
  subject: Record<string, string>;
}

/**
 * One reminder per currency still owed, keyed by calendar month: however often the
 * daily job asks, a household hears about an open balance at most once a month.
 */
export function settleUpReminders(balance: Pick<SettleUp, "members" | "balances">, today: string): SettleUpReminder[] {
  const month = today.slice(0, 7);
  const name = (id: string) => balance.members.find((m) => m.id === id)?.displayName ?? "A former member";
  return balance.balances.flatMap((b) => {
    if (!b.debt || b.debt.amount <= 0) return [];
    const { fromMemberId, toMemberId, amount } = b.debt;
    return [
      {
        dedupeKey: `settle-up:${month}:${b.currency}`,
        title: "Time to settle up",
        body: `${name(fromMemberId)} owes ${name(toMemberId)} ${formatMoney(amount, b.currency)}.`,
        subject: { fromMemberId, toMemberId, currency: b.currency },
      },
    ];
  });
}
