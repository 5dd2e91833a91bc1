import type { MemberAmount, Payer, ShareSource, Split } from "@tandem/shared";
import { allocate } from "./allocate";

/** What a transaction's share is decided from; everything optional falls back to the next level. */
export interface ShareInput {
  amount: number;
  /** The household's members, oldest first: the order that breaks rounding ties after the payer. */
  members: readonly string[];
  accountOwnerId: string | null;
  payer: Payer | null;
  split: Split | null;
  categorySplit: Split | null;
  accountSplit: Split | null;
}

export interface Share {
  payer: Payer;
  payerSource: "transaction" | "account";
  split: Split;
  splitSource: ShareSource;
  /** Each member's part of the signed amount: what it cost (or brought) them. */
  parts: MemberAmount[];
  /** consumed − paid per member: positive means the other member owes them that much. */
  effect: MemberAmount[];
}

const isMember = (members: readonly string[], id: string | undefined) => id !== undefined && members.includes(id);

/** A stored payer or split that names someone no longer in the household is ignored, not guessed at. */
function validPayer(payer: Payer | null, members: readonly string[]): Payer | null {
  if (!payer) return null;
  return payer.kind === "shared" || isMember(members, payer.memberId) ? payer : null;
}

function validSplit(split: Split | null, members: readonly string[]): Split | null {
  if (!split) return null;
  switch (split.kind) {
    case "equal":
      return split;
    case "personal":
      return split.memberId === undefined || isMember(members, split.memberId) ? split : null;
    case "percent":
      return split.shares.every((s) => isMember(members, s.memberId)) ? split : null;
    case "exact":
      return split.parts.every((p) => isMember(members, p.memberId)) ? split : null;
  }
}

export function resolvePayer(input: ShareInput): { payer: Payer; payerSource: Share["payerSource"] } {
  const chosen = validPayer(input.payer, input.members);
  if (chosen) return { payer: chosen, payerSource: "transaction" };
  const owner = input.accountOwnerId;
  return {
    payer: owner && isMember(input.members, owner) ? { kind: "member", memberId: owner } : { kind: "shared" },
    payerSource: "account",
  };
}

export function resolveSplit(input: ShareInput, payer: Payer): { split: Split; splitSource: ShareSource } {
  const levels: [Split | null, ShareSource][] = [
    [input.split, "transaction"],
    [input.categorySplit, "category"],
    [input.accountSplit, "account"],
  ];
  for (const [split, splitSource] of levels) {
    const valid = validSplit(split, input.members);
    if (valid) return { split: valid, splitSource };
  }
  // A joint account's spending is shared; a member's own account's is theirs.
  return { split: payer.kind === "shared" ? { kind: "equal" } : { kind: "personal" }, splitSource: "default" };
}

/** Members in tie-breaking order: the paying member absorbs an odd unit first. */
function tieOrder(members: readonly string[], payer: Payer): string[] {
  if (payer.kind === "shared") return [...members];
  return [payer.memberId, ...members.filter((m) => m !== payer.memberId)];
}

function weightsFor(split: Split, payer: Payer, order: readonly string[]): number[] {
  switch (split.kind) {
    case "equal":
      return order.map(() => 1);
    case "personal": {
      // "The payer's own" has no one person when the payer is the joint account: both, equally.
      const owner = split.memberId ?? (payer.kind === "member" ? payer.memberId : undefined);
      return order.map((m) => (owner === undefined || m === owner ? 1 : 0));
    }
    case "percent":
      return order.map((m) => split.shares.find((s) => s.memberId === m)?.basisPoints ?? 0);
    case "exact":
      // Exact parts that no longer add up (the bank changed the amount) are kept as proportions.
      return order.map((m) => split.parts.find((p) => p.memberId === m)?.amount ?? 0);
  }
}

function byMember(order: readonly string[], amounts: readonly number[]): Map<string, number> {
  return new Map(order.map((m, i) => [m, amounts[i] ?? 0]));
}

/** Resolves a transaction's payer and split, and what it moves between the members. */
export function resolveShare(input: ShareInput): Share {
  const { payer, payerSource } = resolvePayer(input);
  const { split, splitSource } = resolveSplit(input, payer);
  const order = tieOrder(input.members, payer);
  const consumed = byMember(order, allocate(input.amount, weightsFor(split, payer, order)));
  const paid = byMember(order, allocate(input.amount, weightsFor({ kind: "personal" }, payer, order)));
  const parts = input.members.map((memberId) => ({ memberId, amount: consumed.get(memberId) ?? 0 }));
  const effect = input.members.map((memberId) => ({
    memberId,
    amount: (consumed.get(memberId) ?? 0) - (paid.get(memberId) ?? 0),
  }));
  return { payer, payerSource, split, splitSource, parts, effect };
}
