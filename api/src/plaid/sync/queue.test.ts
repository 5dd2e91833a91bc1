import { describe, expect, it } from "vitest";
import { createSyncQueue } from "./queue";
import type { SyncOutcome, SyncTrigger } from "./run";

interface Call {
  itemId: string;
  trigger: SyncTrigger;
  /** What the bank held when the run started reading. */
  sawVersion: number;
  finish(): void;
  fail(error: Error): void;
}

/** A fake sync that runs until the test finishes it, recording what data it saw. */
function harness() {
  let version = 0;
  const calls: Call[] = [];
  const queue = createSyncQueue((itemId, trigger) => {
    return new Promise<SyncOutcome>((resolve, reject) => {
      const sawVersion = version;
      calls.push({
        itemId,
        trigger,
        sawVersion,
        finish: () =>
          resolve({
            itemId,
            status: "success",
            added: sawVersion,
            modified: 0,
            removed: 0,
            skipped: 0,
            pages: 1,
            restarts: 0,
            retries: 0,
            durationMs: 1,
          }),
        fail: reject,
      });
    });
  });
  return {
    queue,
    calls,
    bump: () => {
      version++;
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("createSyncQueue", () => {
  it("turns 50 concurrent requests for one item into at most two runs", async () => {
    const { queue, calls } = harness();
    const requests = Array.from({ length: 50 }, () => queue.request("item", "webhook"));
    await tick();
    expect(calls).toHaveLength(1);
    calls[0]!.finish();
    await tick();
    expect(calls).toHaveLength(2);
    calls[1]!.finish();
    const outcomes = await Promise.all(requests);
    expect(calls).toHaveLength(2);
    expect(outcomes.every((o) => o.status === "success")).toBe(true);
    await queue.idle();
  });

  it("gives requests made during a run a follow-up that sees the data that arrived meanwhile", async () => {
    const { queue, calls, bump } = harness();
    const first = queue.request("item", "webhook");
    await tick();
    bump(); // new data lands while the first run is reading
    const later = Array.from({ length: 10 }, () => queue.request("item", "webhook"));
    calls[0]!.finish();
    expect((await first).added).toBe(0);
    await tick();
    calls[1]!.finish();
    const outcomes = await Promise.all(later);
    expect(calls.map((c) => c.sawVersion)).toEqual([0, 1]);
    expect(outcomes.every((o) => o.added === 1)).toBe(true);
  });

  it("runs a follow-up even when the first run failed", async () => {
    const { queue, calls } = harness();
    const first = queue.request("item", "webhook");
    const second = queue.request("item", "manual");
    await tick();
    calls[0]!.fail(new Error("boom"));
    await expect(first).rejects.toThrow("boom");
    await tick();
    expect(calls.map((c) => c.trigger)).toEqual(["webhook", "manual"]);
    calls[1]!.finish();
    await expect(second).resolves.toMatchObject({ status: "success" });
  });

  it("syncs different items side by side", async () => {
    const { queue, calls } = harness();
    const a = queue.request("a", "webhook");
    const b = queue.request("b", "webhook");
    await tick();
    expect(calls.map((c) => c.itemId).sort()).toEqual(["a", "b"]);
    for (const call of calls) call.finish();
    await Promise.all([a, b]);
  });

  it("starts afresh once idle, and idle() waits for follow-ups too", async () => {
    const { queue, calls } = harness();
    void queue.request("item", "webhook");
    void queue.request("item", "webhook");
    let idle = false;
    const waiting = queue.idle().then(() => {
      idle = true;
    });
    await tick();
    calls[0]!.finish();
    await tick();
    expect(idle).toBe(false);
    expect(calls).toHaveLength(2);
    calls[1]!.finish();
    await waiting;
    expect(idle).toBe(true);

    const again = queue.request("item", "periodic");
    await tick();
    expect(calls).toHaveLength(3);
    calls[2]!.finish();
    await expect(again).resolves.toMatchObject({ status: "success" });
    await queue.idle();
  });
});

describe("createSyncQueue: requests that say when their news arrived", () => {
  function timed() {
    let now = 0;
    const calls: { finish(status?: SyncOutcome["status"]): void }[] = [];
    const queue = createSyncQueue(
      (itemId) =>
        new Promise<SyncOutcome>((resolve) => {
          calls.push({
            finish: (status = "success") =>
              resolve({
                itemId,
                status,
                added: 0,
                modified: 0,
                removed: 0,
                skipped: 0,
                pages: 1,
                restarts: 0,
                retries: 0,
                durationMs: 1,
              }),
          });
        }),
      () => now,
    );
    return { queue, calls, at: (t: number) => (now = t) };
  }

  it("are answered by a run that started after the news, even one that already finished", async () => {
    const { queue, calls, at } = timed();
    // 50 webhooks arrive at t=10; the first reaches the queue at t=11 and starts a run.
    at(11);
    const first = queue.request("item", "webhook", 10);
    // Others reach the queue while it runs, and after it finished: none needs another run.
    const during = queue.request("item", "webhook", 10);
    calls[0]!.finish();
    await first;
    at(20);
    const after = Array.from({ length: 48 }, () => queue.request("item", "webhook", 10));
    await Promise.all([during, ...after]);
    expect(calls).toHaveLength(1);
  });

  it("still get a follow-up when their news is newer than the running run", async () => {
    const { queue, calls, at } = timed();
    at(5);
    const first = queue.request("item", "webhook", 4);
    at(10);
    const newer = queue.request("item", "webhook", 9);
    calls[0]!.finish();
    await first;
    await tick();
    expect(calls).toHaveLength(2);
    calls[1]!.finish();
    await newer;
    // News older than the run that just finished needs nothing more.
    at(30);
    await queue.request("item", "webhook", 9);
    expect(calls).toHaveLength(2);
  });

  it("do not settle for a failed run", async () => {
    const { queue, calls, at } = timed();
    at(5);
    const first = queue.request("item", "webhook", 4);
    calls[0]!.finish("error");
    await first;
    at(6);
    const again = queue.request("item", "webhook", 4);
    await tick();
    expect(calls).toHaveLength(2);
    calls[1]!.finish();
    await expect(again).resolves.toMatchObject({ status: "success" });
  });

  it("without a time always get a run of their own (manual, periodic)", async () => {
    const { queue, calls, at } = timed();
    at(5);
    const first = queue.request("item", "manual");
    calls[0]!.finish();
    await first;
    const second = queue.request("item", "manual");
    await tick();
    expect(calls).toHaveLength(2);
    calls[1]!.finish();
    await second;
  });
});
