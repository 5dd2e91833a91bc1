import { formatMoney } from "@tandem/shared";
import type { Executor } from "../db/client";
import { milestoneCrossed } from "../domain/notifications/goals";
import { notify } from "./notify";

export interface GoalMilestoneInput {
  id: string;
  name: string;
  targetAmount: number;
  currency: string;
}

/**
 * Tells both members when a change of contributions took the goal past 25, 50, 75 or
 * 100 %. Callers pass the percent before and after the change, read under the goal's
 * row lock, so concurrent links see each other's effect and cross each milestone once;
 * the key `goal:{id}:{milestone}` keeps a fall and rise from telling it twice.
 */
export async function raiseGoalMilestone(
  db: Executor,
  householdId: string,
  goal: GoalMilestoneInput,
  before: number,
  after: number,
): Promise<void> {
  const milestone = milestoneCrossed(before, after);
  if (milestone === null) return;
  const target = formatMoney(goal.targetAmount, goal.currency);
  await notify(db, {
    householdId,
    kind: "goal_milestone",
    topic: "goal",
    dedupeKey: `goal:${goal.id}:${milestone}`,
    title: milestone === 100 ? `Goal reached: ${goal.name}` : `${goal.name} is ${milestone}% there`,
    body: milestone === 100 ? `You have saved the whole ${target}.` : `${milestone}% of ${target} saved so far.`,
    subject: { goalId: goal.id },
  });
}
