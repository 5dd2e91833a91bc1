import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { gcra, type RateLimitOptions, RateLimitStore, rateLimit } from "./rate-limit";

const MINUTE = 60_000;

function testApp(options: Partial<RateLimitOptions> = {}) {
  let now = 1_700_000_000_000;
  const store = options.store ?? new RateLimitStore();
  const app = new Hono();
  app.post(
    "/login",
    rateLimit({
      rules: [
        { name: "ip", limit: 3, windowMs: MINUTE, key: (c) => c.req.header("x-ip") },
        { name: "account", limit: 2, windowMs: MINUTE, key: (c) => c.req.header("x-account") },
      ],
      store,
      now: () => now,
      ...options,
    }),
    (c) => c.text("ok"),
  );
  const post = (headers: Record<string, string>) => app.request("/login", { method: "POST", headers });
  return { post, store, advance: (ms: number) => (now += ms) };
}

describe("gcra", () => {
  it("lets `limit` requests through at once, then one per window / limit", () => {
    let tat: number | undefined;
    for (let i = 0; i < 4; i++) {
      const decision = gcra(tat, 0, 4, 4000);
      expect(decision.allowed).toBe(true);
      if (decision.allowed) tat = decision.tat;
    }
    expect(gcra(tat, 0, 4, 4000)).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(gcra(tat, 999, 4, 4000)).toEqual({ allowed: false, retryAfterMs: 1 });
    expect(gcra(tat, 1000, 4, 4000).allowed).toBe(true);
  });

  it("refills completely after a quiet window", () => {
    const decision = gcra(10_000, 14_000, 4, 4000);
    expect(decision).toEqual({ allowed: true, tat: 15_000 });
  });
});

describe("rateLimit", () => {
  it("answers 429 with Retry-After in whole seconds, rounded up, once a bucket is empty", async () => {
    const { post, advance } = testApp();
    for (let i = 0; i < 3; i++) expect((await post({ "x-ip": "a" })).status).toBe(200);
    const refused = await post({ "x-ip": "a" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("20");
    advance(500);
    expect((await post({ "x-ip": "a" })).headers.get("retry-after")).toBe("20"); // 19.5 s rounds up
    advance(19_499);
    expect((await post({ "x-ip": "a" })).headers.get("retry-after")).toBe("1");
    advance(1);
    expect((await post({ "x-ip": "a" })).status).toBe(200);
  });

  it("keeps buckets apart by key and by rule", async () => {
    const { post } = testApp();
    for (let i = 0; i < 3; i++) await post({ "x-ip": "a" });
    expect((await post({ "x-ip": "a" })).status).toBe(429);
    expect((await post({ "x-ip": "b" })).status).toBe(200);
    // The same string as an account is another bucket than as an address.
    expect((await post({ "x-account": "a" })).status).toBe(200);
  });

  it("skips a rule whose key is missing", async () => {
    const { post } = testApp();
    for (let i = 0; i < 10; i++) expect((await post({})).status).toBe(200);
  });

  it("takes nothing from any bucket when it refuses", async () => {
    const { post, advance } = testApp();
    await post({ "x-ip": "a", "x-account": "x" });
    await post({ "x-ip": "b", "x-account": "x" });
    // Refused by the account: address c keeps all three of its requests.
    const refused = await post({ "x-ip": "c", "x-account": "x" });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("30");
    for (let i = 0; i < 3; i++) expect((await post({ "x-ip": "c" })).status).toBe(200);
    // Refusals do not push the account's recovery further away either.
    for (let i = 0; i < 5; i++) await post({ "x-account": "x" });
    advance(30_000);
    expect((await post({ "x-account": "x" })).status).toBe(200);
  });

  it("waits for the rule furthest from recovery when several refuse", async () => {
    const { post } = testApp();
    for (let i = 0; i < 2; i++) await post({ "x-ip": "a", "x-account": "x" });
    await post({ "x-ip": "a" });
    const refused = await post({ "x-ip": "a", "x-account": "x" });
    expect(refused.headers.get("retry-after")).toBe("30");
  });

  it("lets the app shape the refusal, with Retry-After already set", async () => {
    const { post } = testApp({
      onLimited: (c, limited) => c.json({ code: "rate_limited", ...limited }, 429),
    });
    for (let i = 0; i < 3; i++) await post({ "x-ip": "a" });
    const refused = await post({ "x-ip": "a" });
    expect(refused.headers.get("retry-after")).toBe("20");
    expect(await refused.json()).toEqual({ code: "rate_limited", rule: "ip", retryAfterSeconds: 20 });
  });
});

describe("RateLimitStore", () => {
  it("stays within maxKeys, sweeping recovered keys before live ones", () => {
    const store = new RateLimitStore(10);
    for (let i = 0; i < 5; i++) store.set(`old-${i}`, 100, 0);
    for (let i = 0; i < 5; i++) store.set(`live-${i}`, 10_000, 0);
    store.set("new", 10_000, 200); // full: the old keys have recovered by 200 and go
    expect(store.size).toBe(6);
    expect(store.get("old-0")).toBeUndefined();
    expect(store.get("live-0")).toBe(10_000);
  });

  it("drops the least recently used live keys when every key is live", () => {
    const store = new RateLimitStore(10);
    for (let i = 0; i < 10; i++) store.set(`k${i}`, 10_000, 0);
    store.set("k0", 10_001, 0); // k0 is now the most recent
    store.set("k10", 10_000, 0);
    expect(store.size).toBeLessThanOrEqual(10);
    expect(store.get("k0")).toBe(10_001);
    expect(store.get("k1")).toBeUndefined();
    expect(store.get("k10")).toBe(10_000);
  });

  it("never grows past maxKeys under a flood of new keys", async () => {
    const store = new RateLimitStore(100);
    const { post } = testApp({ store });
    for (let i = 0; i < 500; i++) await post({ "x-ip": `flood-${i}` });
    expect(store.size).toBeLessThanOrEqual(100);
  });
});
