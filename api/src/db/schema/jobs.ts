// The scheduler's shared state: one row per scheduled job, for every API instance.
// Not household data: jobs run across households, and /health shows only times and outcomes.
import { integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * A job runs when `next_run_at` has passed and nobody holds an unexpired claim. Claiming is
 * one UPDATE that re-checks both, so of several instances exactly one wins each run; a
 * claim that outlives its lease (the instance died) is taken over.
 */
export const scheduledJobs = pgTable("scheduled_jobs", {
  name: text("name").primaryKey(),
  nextRunAt: timestamp("next_run_at", { withTimezone: true }).notNull(),
  claimedBy: text("claimed_by"),
  claimedUntil: timestamp("claimed_until", { withTimezone: true }),
  lastStartedAt: timestamp("last_started_at", { withTimezone: true }),
  lastFinishedAt: timestamp("last_finished_at", { withTimezone: true }),
  lastOutcome: text("last_outcome", { enum: ["succeeded", "failed"] }),
  /** The error's name only: messages can carry SQL parameters or people's text. */
  lastError: text("last_error"),
  lastDurationMs: integer("last_duration_ms"),
});
