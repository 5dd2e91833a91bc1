import type { Database, Executor } from "../db/client";
import { households } from "../db/schema";
import { settleUpReminders } from "../domain/notifications/settle-up";
import { describeError, log } from "../lib/log";
import { settleUp } from "../splits/settle-up";
import { notify } from "./notify";

/**
 * Reminds both members of an open settle-up balance, at most once per calendar month
 * and currency (`settle-up:{YYYY-MM}:{currency}`). The daily job calls it for every
 * household, so the first run of a month that finds money owed reminds, and a debt that
 * arises mid-month is reminded of the next day, then again next month if still open.
 */
export async function remindToSettle(db: Executor, householdId: string, today: string): Promise<number> {
  const balance = await settleUp(db, householdId, { from: null, to: today, limit: 0 });
  const reminders = settleUpReminders(balance, today);
  for (const r of reminders) {
    await notify(db, { householdId, kind: "settle_up_reminder", topic: "settle_up", ...r });
  }
  return reminders.length;
}

export async function remindAllToSettle(db: Database, today: string): Promise<void> {
  for (const { id } of await db.select({ id: households.id }).from(households)) {
    try {
      await remindToSettle(db, id, today);
    } catch (error) {
      log("error", "settle-up reminder failed", { householdId: id, ...describeError(error) });
    }
  }
}
