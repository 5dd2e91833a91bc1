import type { GoalProgress } from "@tandem/shared";
import { addMonthsClamped } from "../recurring/schedule";

/**
 * Goal progress is the sum of the contributions a member linked (not the linked
 * account's balance: an account often holds more than one goal's money). Projection
 * is by calendar month: the average saved per month from the first contribution's
 * month to this month (both counted), and the months still needed at that rate.
 */

export interface GoalInput {
  targetAmount: number;
  deadline: string | null;
}

export interface ContributionInput {
  date: string;
  value: number;
}

/** What a linked transaction adds: signed on the goal's own account, money sent towards it elsewhere. */
export function contributionValue(amount: number, transactionAccountId: string, goalAccountId: string | null): number {
  if (!goalAccountId) return Math.abs(amount);
  return transactionAccountId === goalAccountId ? amount : -amount;
}

function monthIndex(iso: string): number {
  const [y, m] = iso.split("-").map(Number) as [number, number];
  return y * 12 + (m - 1);
}

const ceilDiv = (a: number, b: number) => Number((BigInt(a) + BigInt(b) - 1n) / BigInt(b));

export function goalProgress(goal: GoalInput, contributions: ContributionInput[], today: string): GoalProgress {
  let saved = 0n;
  for (const c of contributions) saved += BigInt(c.value);
  const savedNumber = Number(saved);
  const remaining = Math.max(0, goal.targetAmount - savedNumber);
  const percent = savedNumber <= 0 ? 0 : Number((saved * 1000n) / BigInt(goal.targetAmount)) / 10;

  const firstDate = contributions.reduce<string | null>(
    (min, c) => (min === null || c.date < min ? c.date : min),
    null,
  );
  const months = firstDate ? Math.max(1, monthIndex(today) - monthIndex(firstDate) + 1) : 0;
  const monthlyRate = months > 0 && savedNumber > 0 ? Math.floor(savedNumber / months) : 0;

  let projectedCompletion: string | null = null;
  if (remaining === 0) projectedCompletion = today;
  else if (monthlyRate > 0) projectedCompletion = addMonthsClamped(today, ceilDiv(remaining, monthlyRate));

  let requiredMonthly: number | null = null;
  if (goal.deadline) {
    // Months left including the current one; a past deadline leaves everything due now.
    const monthsLeft = Math.max(1, monthIndex(goal.deadline) - monthIndex(today) + 1);
    requiredMonthly = remaining === 0 ? 0 : ceilDiv(remaining, monthsLeft);
  }

  let status: GoalProgress["status"];
  if (remaining === 0) status = "complete";
  else if (!goal.deadline) status = "no_deadline";
  else status = projectedCompletion !== null && projectedCompletion <= goal.deadline ? "on_track" : "behind";

  return {
    saved: savedNumber,
    remaining,
    percent,
    contributionCount: contributions.length,
    monthlyRate,
    projectedCompletion,
    requiredMonthly,
    status,
  };
}
