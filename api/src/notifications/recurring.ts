import { formatMoney } from "@tandem/shared";
import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { recurringSeries } from "../db/schema";
import { upcomingPayments } from "../domain/notifications/recurring";
import { describeError, log } from "../lib/log";
import { listSeries } from "../recurring/series";
import { notify } from "./notify";

/**
 * Confirmed outgoing series (templates and detected ones a member confirmed) due within
 * three days: one notification per series and date (`recurring:{seriesId}:{date}`), so
 * the hourly job can ask every hour.
 */
export async function notifyUpcomingPayments(db: Database, householdId: string, today: string): Promise<number> {
  const due = upcomingPayments(await listSeries(db, householdId, today, { status: "confirmed" }), today);
  for (const s of due) {
    const amount = formatMoney(-(s.nextAmount ?? s.amount), s.currency);
    await notify(db, {
      householdId,
      kind: "recurring_upcoming",
      topic: "recurring",
      dedupeKey: `recurring:${s.id}:${s.nextDate}`,
      title: `${s.merchant}: ${amount} due ${s.nextDate === today ? "today" : `on ${s.nextDate}`}`,
      body: `${s.description} is expected to take ${amount} on ${s.nextDate}.`,
      subject: { seriesId: s.id, accountId: s.accountId },
    });
  }
  return due.length;
}

/** Every household with a confirmed series; one household failing does not stop the others. */
export async function notifyAllUpcomingPayments(db: Database, today: string): Promise<void> {
  const homes = await db
    .selectDistinct({ householdId: recurringSeries.householdId })
    .from(recurringSeries)
    .where(eq(recurringSeries.status, "confirmed"));
  for (const { householdId } of homes) {
    try {
      await notifyUpcomingPayments(db, householdId, today);
    } catch (error) {
      log("error", "upcoming payment notifications failed", { householdId, ...describeError(error) });
    }
  }
}
