/**
 * The Settle-up page's pure logic: the headline in words per currency, each member's
 * part of a transaction (from the API's effect and payer), and the settlement the page
 * proposes to record.
 */
import type { MemberAmount, Payer, SettleUp, SettleUpBalance } from "../shared/contract/splits.js";
import { money } from "./format.js";

type SettleUpItem = SettleUp["items"][number];

export interface MemberName {
  id: string;
  displayName: string;
}

export function memberName(members: readonly MemberName[], id: string | null | undefined): string {
  if (!id) return "A former member";
  return members.find((member) => member.id === id)?.displayName ?? "A former member";
}

/**
 * "Blair owes Alex $42.17", or "You are all square". With more than one currency each
 * line names its currency, since currencies are never added together.
 */
export function headline(balance: SettleUpBalance, members: readonly MemberName[], severalCurrencies = false): string {
  const suffix = severalCurrencies ? ` in ${balance.currency}` : "";
  if (!balance.debt || balance.debt.amount === 0) return `You are all square${suffix}`;
  const { fromMemberId, toMemberId, amount } = balance.debt;
  return `${memberName(members, fromMemberId)} owes ${memberName(members, toMemberId)} ${money(amount, balance.currency)}${suffix}`;
}

/** The headlines for all currencies; no balances at all means all square. */
export function headlines(balances: readonly SettleUpBalance[], members: readonly MemberName[]): string[] {
  if (!balances.length) return ["You are all square"];
  return balances.map((balance) => headline(balance, members, balances.length > 1));
}

/**
 * What each member paid of a signed amount: all of it for a member, equal halves for the
 * joint account (an odd unit to the first member, as the API allocates it).
 */
export function paidBy(payer: Payer, amount: number, memberIds: readonly string[]): Map<string, number> {
  const paid = new Map(memberIds.map((id) => [id, 0]));
  if (payer.kind === "member") {
    paid.set(payer.memberId, amount);
    return paid;
  }
  const count = memberIds.length || 1;
  const sign = amount < 0 ? -1 : 1;
  const magnitude = Math.abs(amount);
  const base = Math.floor(magnitude / count);
  let left = magnitude - base * count;
  for (const id of memberIds) {
    const extra = left > 0 ? 1 : 0;
    left -= extra;
    paid.set(id, sign * (base + extra));
  }
  return paid;
}

/** Each member's part of the transaction: what it cost them (effect = part − paid). */
export function memberParts(item: Pick<SettleUpItem, "payer" | "amount" | "effect">): MemberAmount[] {
  const ids = item.effect.map((entry) => entry.memberId);
  const paid = paidBy(item.payer, item.amount, ids);
  return item.effect.map((entry) => ({
    memberId: entry.memberId,
    amount: entry.amount + (paid.get(entry.memberId) ?? 0),
  }));
}

/** The effect in words: "Blair owes Alex $12.50 more", from the member it puts in credit. */
export function effectWords(effect: readonly MemberAmount[], currency: string, members: readonly MemberName[]): string {
  const owed = effect.find((entry) => entry.amount > 0);
  const owing = effect.find((entry) => entry.amount < 0);
  if (!owed || !owing) return "No effect";
  return `${memberName(members, owing.memberId)} owes ${memberName(members, owed.memberId)} ${money(owed.amount, currency)} more`;
}

export interface Proposal {
  fromMemberId: string;
  toMemberId: string;
  amount: number | null;
  currency: string;
}

/**
 * What the "Record a settlement" form starts with: the first currency that has a debt,
 * paid by whoever owes it; when all is square, the member recording it paying the other.
 */
export function proposal(
  balances: readonly SettleUpBalance[],
  members: readonly MemberName[],
  me: string,
  baseCurrency: string,
): Proposal {
  const owing = balances.find((balance) => balance.debt && balance.debt.amount > 0);
  if (owing?.debt) {
    return {
      fromMemberId: owing.debt.fromMemberId,
      toMemberId: owing.debt.toMemberId,
      amount: owing.debt.amount,
      currency: owing.currency,
    };
  }
  const other = members.find((member) => member.id !== me)?.id ?? me;
  return { fromMemberId: me, toMemberId: other, amount: null, currency: baseCurrency };
}
