import { toIsoDate } from "@tandem/shared";
import type { Database } from "../db/client";
import { describeError, log } from "../lib/log";
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

/** Runs the job shortly after start, then every `intervalMinutes`; stop() waits for a running pass. */
export function startRecurringJob(db: Database, now: () => Date, intervalMinutes = 60): () => Promise<void> {
  if (intervalMinutes <= 0) return async () => {};
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = processDueTemplates(db, now()).catch((error: Error) =>
      log("error", "recurring job failed", { error: error.name }),
    );
  };
  const first = setTimeout(tick, 5_000);
  first.unref();
  const timer = setInterval(tick, intervalMinutes * 60_000);
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
