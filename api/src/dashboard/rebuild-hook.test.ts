import { afterEach, describe, expect, it, vi } from "vitest";
import { createRebuildHook, type RebuildHook } from "./rebuild-hook";

let hook: RebuildHook | undefined;
afterEach(async () => {
  await hook?.stop();
  vi.useRealTimers();
});

function recorder(statuses: number[] = []) {
  const calls: number[] = [];
  const fetch = vi.fn(async () => {
    calls.push(Date.now());
    return new Response(null, { status: statuses.shift() ?? 200 });
  });
  return { calls, fetch: fetch as unknown as typeof globalThis.fetch };
}

describe("the dashboard rebuild hook", () => {
  it("calls once for a burst of changes, then at most once per interval", async () => {
    vi.useFakeTimers();
    const { calls, fetch } = recorder();
    hook = createRebuildHook({ url: "https://api.render.com/deploy/srv-x?key=secret", intervalMs: 600_000, fetch });
    for (let i = 0; i < 50; i++) hook.changed();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    for (let i = 0; i < 50; i++) hook.changed();
    await vi.advanceTimersByTimeAsync(599_000);
    expect(calls).toHaveLength(1);
    expect(hook.status().pending).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(2);
    expect(hook.status()).toMatchObject({ pending: false, lastError: null });
  });

  it("retries a failing hook, then reports the failure without its secret", async () => {
    vi.useFakeTimers();
    const { calls, fetch } = recorder([500, 502, 503]);
    const log = vi.fn();
    hook = createRebuildHook({
      url: "https://api.render.com/deploy/srv-x?key=secret",
      intervalMs: 60_000,
      retryDelayMs: 100,
      fetch,
      log,
    });
    hook.changed();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(3);
    expect(hook.status().lastError).toBe("deploy hook answered 503");
    expect(JSON.stringify(log.mock.calls)).not.toContain("secret");
    expect(log).toHaveBeenCalledWith("warn", "dashboard rebuild hook failed", expect.anything());
  });

  it("calls again after a change that arrived while the hook was being called", async () => {
    vi.useFakeTimers();
    let release: () => void = () => {};
    const calls: number[] = [];
    const fetch = (async () => {
      calls.push(Date.now());
      if (calls.length === 1) await new Promise<void>((done) => (release = done));
      return new Response(null, { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    hook = createRebuildHook({ url: "https://hooks.example/x", intervalMs: 10_000, fetch });
    hook.changed();
    await vi.advanceTimersByTimeAsync(0);
    hook.changed();
    release();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toHaveLength(2);
  });
});
