import { toIsoDate } from "@tandem/shared";
import type { Database } from "../db/client";
import { startJob } from "../lib/job";
import { remindAllToSettle } from "./settle-up";

/**
 * The daily notifications pass (settle-up reminders). Safe on several instances and
 * after restarts: each reminder's dedupe key makes a repeated pass a no-op.
 */
export function startNotificationJob(db: Database, now: () => Date, intervalHours = 24): () => Promise<void> {
  return startJob({ name: "notification job", intervalMs: intervalHours * 3_600_000, firstAfterMs: 10_000 }, () =>
    remindAllToSettle(db, toIsoDate(now())),
  );
}
