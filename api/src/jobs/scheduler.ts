import { randomBytes } from "node:crypto";
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { scheduledJobs } from "../db/schema";
import { describeError, log } from "../lib/log";

export interface ScheduledJob {
  name: string;
  intervalMinutes: number;
  /** Longest a run may take; past it, another instance may take the job over. */
  leaseMinutes: number;
  run(): Promise<unknown>;
}

export interface SchedulerOptions {
  db: Database;
  jobs: ScheduledJob[];
  now: () => Date;
  /** How often this instance looks for due jobs; 0 or less: only when tick() is called. */
  tickMs: number;
  /** Names this instance in claims; random unless given (tests run two in one process). */
  instanceId?: string;
}

export interface Scheduler {
  /** Claims and runs every due job once; resolves when they have finished. */
  tick(): Promise<string[]>;
  /** No new runs; waits for the running ones. */
  stop(): Promise<void>;
}

// A failed run is retried sooner than a daily job's next turn, but not in a tight loop.
const RETRY_AFTER_FAILURE_MINUTES = 10;
const minutes = (n: number) => n * 60_000;
const FIRST_TICK_MS = 5_000;

/**
 * Runs scheduled work once per interval across every API instance sharing the database:
 * each run is claimed in Postgres first (see scheduled_jobs), so two instances never run
 * the same job at once, and a restart continues the schedule instead of starting it over.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const { db, jobs, now } = options;
  const instanceId = options.instanceId ?? `${process.pid}-${randomBytes(4).toString("hex")}`;
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  let registered: Promise<void> | null = null;

  async function claim(job: ScheduledJob, at: Date): Promise<boolean> {
    // A shorter interval in the config takes effect at once, not after the old one.
    const due = sql`least(${scheduledJobs.nextRunAt}, coalesce(${scheduledJobs.lastStartedAt}, '-infinity'::timestamptz) + make_interval(mins => ${job.intervalMinutes}))`;
    const claimed = await db
      .update(scheduledJobs)
      .set({
        claimedBy: instanceId,
        claimedUntil: new Date(at.getTime() + minutes(job.leaseMinutes)),
        lastStartedAt: at,
      })
      .where(
        and(
          eq(scheduledJobs.name, job.name),
          sql`${due} <= ${at.toISOString()}::timestamptz`,
          or(isNull(scheduledJobs.claimedUntil), lt(scheduledJobs.claimedUntil, at)),
        ),
      )
      .returning({ name: scheduledJobs.name });
    return claimed.length === 1;
  }

  async function finish(job: ScheduledJob, startedAt: Date, error: unknown): Promise<void> {
    const finishedAt = now();
    const next = error
      ? finishedAt.getTime() + minutes(Math.min(job.intervalMinutes, RETRY_AFTER_FAILURE_MINUTES))
      : startedAt.getTime() + minutes(job.intervalMinutes);
    await db
      .update(scheduledJobs)
      .set({
        claimedBy: null,
        claimedUntil: null,
        lastFinishedAt: finishedAt,
        lastOutcome: error ? "failed" : "succeeded",
        lastError: error ? (error instanceof Error ? error.name : typeof error) : null,
        lastDurationMs: Math.max(0, finishedAt.getTime() - startedAt.getTime()),
        nextRunAt: new Date(next),
      })
      .where(and(eq(scheduledJobs.name, job.name), eq(scheduledJobs.claimedBy, instanceId)));
  }

  async function runClaimed(job: ScheduledJob, startedAt: Date): Promise<void> {
    let failure: unknown = null;
    try {
      await job.run();
    } catch (error) {
      failure = error ?? new Error("job failed");
      log("error", `scheduled job ${job.name} failed`, { job: job.name, ...describeError(error) });
    }
    await finish(job, startedAt, failure);
  }

  async function tryJob(job: ScheduledJob): Promise<boolean> {
    const at = now();
    if (stopped || !(await claim(job, at))) return false;
    const run = runClaimed(job, at);
    running.add(run);
    try {
      await run;
    } finally {
      running.delete(run);
    }
    return true;
  }

  async function tick(): Promise<string[]> {
    registered ??= registerJobs(db, jobs, now()).catch((error) => {
      registered = null;
      throw error;
    });
    await registered;
    const ran = await Promise.all(jobs.map((job) => tryJob(job).then((did) => (did ? job.name : null))));
    return ran.filter((name): name is string => name !== null);
  }

  // Ticks may overlap a long run (a bank sync of many pages): the claim keeps a job to one run.
  // The first comes soon after start, so due work does not wait a whole tick.
  const timers: NodeJS.Timeout[] = [];
  if (options.tickMs > 0) {
    const tickLogged = () => {
      tick().catch((error) => log("error", "scheduler tick failed", describeError(error)));
    };
    timers.push(setTimeout(tickLogged, Math.min(options.tickMs, FIRST_TICK_MS)));
    timers.push(setInterval(tickLogged, options.tickMs));
    for (const timer of timers) timer.unref();
  }

  return {
    tick,
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
  };
}

/** A job seen for the first time is due at once; a known one keeps its schedule. */
async function registerJobs(db: Database, jobs: ScheduledJob[], at: Date): Promise<void> {
  if (jobs.length === 0) return;
  await db
    .insert(scheduledJobs)
    .values(jobs.map((job) => ({ name: job.name, nextRunAt: at })))
    .onConflictDoNothing();
}
