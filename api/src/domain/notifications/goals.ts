export const GOAL_MILESTONES = [25, 50, 75, 100] as const;

/**
 * The milestone worth telling about when a goal's progress moves from `before` to
 * `after` percent: the highest one crossed upwards, or null. One contribution that
 * takes a goal from 10 % to 80 % says "75 %", not three things at once; a later
 * fall and rise crosses again, and the dedupe key keeps that to one notification.
 */
export function milestoneCrossed(before: number, after: number): number | null {
  const crossed = GOAL_MILESTONES.filter((m) => before < m && after >= m);
  return crossed.at(-1) ?? null;
}
