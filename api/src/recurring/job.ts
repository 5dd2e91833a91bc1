import { toIsoDate } from "@tandem/shared";
import type { Database } from "../db/client";
import { describeError, log } from "../lib/log";
import { notifyAllUpcomingPayments } from "../notifications/recurring";
import { dueTemplates, processTemplate } from "./series";

/**
 * Creates every due template occurrence up to today (UTC). Safe to run on several
 * instances at once and to repeat: see processTemplate. One template failing (its
 * account archived away, say) does not stop the others.
 */
export async function processDueTemplates(db: Database, now: Date): Promise<{ templates: number; created: number }> {
  const today = toIsoDate(now);
  let created = 0;
  const due = await dueTemplates(db, today);
  for (const template of due) {
    try {
      created += (await processTemplate(db, template.householdId, template.id, today, today)).created.length;
    } catch (error) {
      log("error", "recurring template failed", { templateId: template.id, ...describeError(error) });
    }
  }
  return { templates: due.length, created };
}

/** The hourly pass: templates first, as an occurrence created today is no longer "upcoming". */
export async function runRecurringPass(db: Database, now: Date): Promise<void> {
  await processDueTemplates(db, now);
  await notifyAllUpcomingPayments(db, toIsoDate(now));
}
