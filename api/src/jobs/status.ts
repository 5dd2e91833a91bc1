import type { Health } from "@tandem/shared";
import type { Database } from "../db/client";
import { scheduledJobs } from "../db/schema";

const OVERDUE_AFTER_MS = 60 * 60_000;

/** What /health says about scheduled work: times and outcomes, never error messages. */
export async function jobStates(db: Database, now: Date): Promise<Health["jobs"]> {
  const rows = await db.select().from(scheduledJobs).orderBy(scheduledJobs.name);
  return rows.map((row) => {
    const running = row.claimedUntil !== null && row.claimedUntil > now;
    return {
      name: row.name,
      running,
      overdue: !running && now.getTime() - row.nextRunAt.getTime() > OVERDUE_AFTER_MS,
      nextRunAt: row.nextRunAt.toISOString(),
      lastStartedAt: row.lastStartedAt?.toISOString() ?? null,
      lastFinishedAt: row.lastFinishedAt?.toISOString() ?? null,
      lastOutcome: row.lastOutcome,
      lastError: row.lastError,
      lastDurationMs: row.lastDurationMs,
    };
  });
}
