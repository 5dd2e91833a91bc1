import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, type DatabaseHandle, openDatabase } from "../src/db/client";
import { createScheduler, type ScheduledJob } from "../src/jobs/scheduler";
import { jobStates } from "../src/jobs/status";
import { createClock, createTestDatabase, type TestDatabase } from "./harness";

// Two API instances share one database: on Postgres each has its own connection pool,
// as two Render instances would; PGlite has one connection, so they share it.
let database: TestDatabase;
let second: DatabaseHandle | null = null;
let instanceDbs: [Database, Database];

beforeAll(async () => {
  database = await createTestDatabase();
  if (database.url) second = await openDatabase({ url: database.url, pool: { max: 3 } });
  instanceDbs = [database.handle.db, (second ?? database.handle).db];
});
afterAll(async () => {
  await second?.close();
  await database.close();
});

const MINUTE = 60_000;
let jobCounter = 0;

/** A job that counts its runs; `hold` keeps a run going until released. */
function countingJob(intervalMinutes: number, options: { fail?: boolean; leaseMinutes?: number } = {}) {
  const job = {
    name: `job-${jobCounter++}`,
    intervalMinutes,
    leaseMinutes: options.leaseMinutes ?? 5,
    runs: 0,
    hold: null as Promise<void> | null,
    async run() {
      job.runs++;
      if (job.hold) await job.hold;
      // Long enough for the other instance's claim to meet this one in flight.
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (options.fail) throw new TypeError("boom");
    },
  };
  return job;
}

function twoInstances(jobs: ScheduledJob[], clock = createClock()) {
  const [a, b] = instanceDbs.map((db, i) =>
    createScheduler({ db, jobs, now: clock.now, tickMs: 0, instanceId: `instance-${i}` }),
  );
  return { a: a!, b: b!, clock };
}

describe("the scheduler across instances", () => {
  it("runs each due job once however many instances tick at the same time", async () => {
    const hourly = countingJob(60);
    const daily = countingJob(24 * 60);
    const { a, b, clock } = twoInstances([hourly, daily]);

    const [ranOnA, ranOnB] = await Promise.all([a.tick(), b.tick()]);
    expect([...ranOnA, ...ranOnB].sort()).toEqual([hourly.name, daily.name].sort());
    expect([hourly.runs, daily.runs]).toEqual([1, 1]);

    // Not due again until its interval has passed, on either instance.
    await Promise.all([a.tick(), b.tick()]);
    expect([hourly.runs, daily.runs]).toEqual([1, 1]);

    clock.advance(61 * MINUTE);
    await Promise.all([a.tick(), b.tick(), a.tick()]);
    expect([hourly.runs, daily.runs]).toEqual([2, 1]);
  });

  it("does not start a job another instance is still running, and takes over a claim whose lease ran out", async () => {
    const job = countingJob(1, { leaseMinutes: 10 });
    let release = () => {};
    job.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { a, b, clock } = twoInstances([job]);

    const stuckOnA = a.tick();
    await waitFor(() => job.runs === 1);
    clock.advance(5 * MINUTE);
    expect(await b.tick()).toEqual([]);

    // Instance A is gone (its run never finishes): after the lease, B runs the job.
    clock.advance(6 * MINUTE);
    job.hold = null;
    expect(await b.tick()).toEqual([job.name]);
    expect(job.runs).toBe(2);

    // A finishing late does not overwrite B's record: its claim is no longer its own.
    release();
    await stuckOnA;
    const [state] = (await jobStates(instanceDbs[0], clock.now())).filter((s) => s.name === job.name);
    expect(state).toMatchObject({ running: false, lastOutcome: "succeeded" });
    expect(Date.parse(state!.lastStartedAt!)).toBe(clock.now().getTime());
  });

  it("records a failed run by its error's name and retries it within ten minutes", async () => {
    const job = countingJob(24 * 60, { fail: true });
    const { a, clock } = twoInstances([job]);
    await a.tick();
    const [state] = (await jobStates(instanceDbs[0], clock.now())).filter((s) => s.name === job.name);
    expect(state).toMatchObject({ lastOutcome: "failed", lastError: "TypeError", running: false, overdue: false });
    expect(Date.parse(state!.nextRunAt) - clock.now().getTime()).toBeLessThanOrEqual(10 * MINUTE);

    clock.advance(10 * MINUTE);
    await a.tick();
    expect(job.runs).toBe(2);
  });

  it("keeps the schedule across a restart, and a shorter interval applies at once", async () => {
    const job = countingJob(6 * 60);
    const clock = createClock();
    await twoInstances([job], clock).a.tick();
    expect(job.runs).toBe(1);

    clock.advance(60 * MINUTE);
    const restarted = twoInstances([job], clock);
    await restarted.a.tick();
    expect(job.runs).toBe(1);

    const hourly = { ...job, intervalMinutes: 60 };
    await twoInstances([hourly], clock).a.tick();
    expect(job.runs).toBe(2);
  });

  it("stop() waits for the running job and starts no other", async () => {
    const job = countingJob(1);
    let release = () => {};
    job.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { a, clock } = twoInstances([job]);
    const ticking = a.tick();
    await waitFor(() => job.runs === 1);
    let stopped = false;
    const stopping = a.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await Promise.all([ticking, stopping]);
    clock.advance(2 * MINUTE);
    expect(await a.tick()).toEqual([]);
    expect(job.runs).toBe(1);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
