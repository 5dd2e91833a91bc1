import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATE_LIMITED_ROUTES } from "../src/lib/rate-limits";
import { expectProblem, rowCounts } from "./expect";
import { PASSWORD, type Reply, type SessionBody } from "./harness";
import { createPlaidTestApi, linkBank, type PlaidTestApi, syncRunsOf } from "./plaid-harness";

/**
 * The production table (rateLimitScale 1) behind one trusted proxy, so each request
 * says where it comes from in X-Forwarded-For, after an entry the client forged.
 */
let api: PlaidTestApi;

beforeAll(async () => {
  api = await createPlaidTestApi({
    config: { rateLimitScale: 1, trustedProxyHops: 1 },
    // No cooldown, so only the household's limit stops repeated manual syncs here.
    manualSyncCooldownSeconds: 0,
  });
});

afterAll(async () => {
  await api?.close();
});

let addresses = 0;
/** A client address no other test uses. */
function newIp(): string {
  addresses++;
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
}

let emails = 0;
const newEmail = () => `member-${++emails}-${Date.now().toString(36)}@example.com`;

function post<T = unknown>(path: string, ip: string, options: { body?: unknown; token?: string } = {}) {
  // The client can put anything on the left; only the proxy's own entry counts.
  return api.request<T>("POST", path, { ...options, headers: { "x-forwarded-for": `198.51.100.7, ${ip}` } });
}

async function signUp(): Promise<SessionBody> {
  const reply = await post<SessionBody>("/auth/register", newIp(), {
    body: { email: newEmail(), password: PASSWORD, displayName: "Alex", householdName: "Home" },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

function expectLimited(reply: Reply, retryAfterSeconds: number) {
  const problem = expectProblem(reply, 429, "rate_limited");
  expect(reply.headers.get("retry-after")).toBe(String(retryAfterSeconds));
  expect(problem.detail).toContain(`try again in ${retryAfterSeconds} s`);
  return problem;
}

async function repeat(times: number, send: (i: number) => Promise<Reply>, status: number) {
  for (let i = 0; i < times; i++) {
    const reply = await send(i);
    expect(reply.status, `request ${i + 1}: ${JSON.stringify(reply.body)}`).toBe(status);
  }
}

const advanceSeconds = (seconds: number) => api.clock.advance(seconds * 1000);

describe("POST /auth/login", () => {
  const attempt = (ip: string, email: string, password = "not the password") =>
    post<SessionBody>("/auth/login", ip, { body: { email, password } });

  it("allows one address 30 attempts per 15 minutes, then one every 30 s", async () => {
    const ip = newIp();
    await repeat(30, (i) => attempt(ip, `nobody-${i}@example.com`), 401);
    const refused = expectLimited(await attempt(ip, "nobody-else@example.com"), 30);
    expect(refused.detail).toBe("Too many sign-in attempts from this address; try again in 30 s (see Retry-After)");
    expect((await attempt(newIp(), "nobody-else@example.com")).status).toBe(401);

    advanceSeconds(29);
    expectLimited(await attempt(ip, "nobody-else@example.com"), 1);
    advanceSeconds(1);
    expect((await attempt(ip, "nobody-else@example.com")).status).toBe(401);
    expectLimited(await attempt(ip, "nobody-else@example.com"), 30);
  });

  it("allows one email 10 attempts per 15 minutes from any addresses; a refused login signs no one in", async () => {
    const alex = await signUp();
    const email = alex.member.email;
    await repeat(10, () => attempt(newIp(), email), 401);

    const before = await rowCounts(api);
    // The right password, another address, the email in other case and spacing: still the same account.
    const refused = await attempt(newIp(), `  ${email.toUpperCase()} `, PASSWORD);
    expect(expectLimited(refused, 90).detail).toContain("for this email");
    expect(await rowCounts(api)).toEqual(before);

    const blair = await signUp();
    expect((await attempt(newIp(), blair.member.email, PASSWORD)).status).toBe(200);

    advanceSeconds(90);
    expect((await attempt(newIp(), email, PASSWORD)).status).toBe(200);
  });

  it("still answers a malformed body with malformed_json, and counts it against the address", async () => {
    const ip = newIp();
    const malformed = await api.request("POST", "/auth/login", {
      body: "{ not json",
      headers: { "x-forwarded-for": ip },
    });
    expectProblem(malformed, 400, "malformed_json");
    await repeat(29, (i) => attempt(ip, `nobody-${i}@example.com`), 401);
    expectLimited(await attempt(ip, "nobody-else@example.com"), 30);
  });
});

describe("POST /auth/register", () => {
  const register = (ip: string, email = newEmail()) =>
    post("/auth/register", ip, { body: { email, password: PASSWORD, displayName: "Alex", householdName: "Home" } });

  it("allows one address 5 sign-ups an hour; a refused one creates nothing", async () => {
    const ip = newIp();
    await repeat(5, () => register(ip), 201);
    const before = await rowCounts(api);
    expectLimited(await register(ip), 720);
    expect(await rowCounts(api)).toEqual(before);
    expect((await register(newIp())).status).toBe(201);

    advanceSeconds(720);
    expect((await register(ip)).status).toBe(201);
  });

  it("allows one email 5 attempts an hour from any addresses", async () => {
    const email = newEmail();
    expect((await register(newIp(), email)).status).toBe(201);
    await repeat(4, () => register(newIp(), email), 409);
    expectLimited(await register(newIp(), email), 720);
  });
});

describe("POST /auth/join", () => {
  const join = (ip: string, inviteToken: string, password = PASSWORD) =>
    post("/auth/join", ip, { body: { inviteToken, email: newEmail(), password, displayName: "Blair" } });

  it("allows one address 10 attempts an hour", async () => {
    const ip = newIp();
    await repeat(10, (i) => join(ip, `tdm_inv_guess_${i}`), 400);
    expectLimited(await join(ip, "tdm_inv_guess"), 360);
    expect((await join(newIp(), "tdm_inv_guess")).status).toBe(400);

    advanceSeconds(360);
    expect((await join(ip, "tdm_inv_guess")).status).toBe(400);
  });

  it("allows one invite 10 attempts an hour from any addresses; a refused join leaves the invite unspent", async () => {
    const alex = await signUp();
    const invite = await post<{ inviteToken: string }>("/invites", newIp(), { token: alex.accessToken });
    const { inviteToken } = invite.body;
    await repeat(10, () => join(newIp(), inviteToken, "short"), 422);

    const before = await rowCounts(api);
    expect(expectLimited(await join(newIp(), inviteToken), 360).detail).toContain("for this invite");
    expect(await rowCounts(api)).toEqual(before);

    advanceSeconds(360);
    expect((await join(newIp(), inviteToken)).status).toBe(201);
  });
});

describe("POST /auth/refresh", () => {
  const refresh = (ip: string, refreshToken: string) =>
    post<SessionBody>("/auth/refresh", ip, { body: { refreshToken } });

  it("allows one session 60 refreshes per 15 minutes from any addresses; the refused token stays good", async () => {
    let { refreshToken } = await signUp();
    for (let i = 0; i < 60; i++) {
      const reply = await refresh(newIp(), refreshToken);
      expect(reply.status).toBe(200);
      refreshToken = reply.body.refreshToken;
    }
    expect(expectLimited(await refresh(newIp(), refreshToken), 15).detail).toContain("for this session");
    const other = await signUp();
    expect((await refresh(newIp(), other.refreshToken)).status).toBe(200);

    // Refused, the token was not spent: using it now is no reuse, and the session lives on.
    advanceSeconds(15);
    expect((await refresh(newIp(), refreshToken)).status).toBe(200);
  });

  it("allows one address 120 refreshes per 15 minutes", async () => {
    const ip = newIp();
    await repeat(120, (i) => refresh(ip, `tdm_rt_guess_${i}`), 401);
    expectLimited(await refresh(ip, "tdm_rt_guess"), 8); // 7.5 s, rounded up
    expect((await refresh(newIp(), "tdm_rt_guess")).status).toBe(401);

    advanceSeconds(8);
    expect((await refresh(ip, "tdm_rt_guess")).status).toBe(401);
  });
});

describe("POST /invites", () => {
  it("allows one household 20 invites an hour from any addresses; a refused one changes nothing", async () => {
    const alex = await signUp();
    await repeat(20, () => post("/invites", newIp(), { token: alex.accessToken }), 201);
    const before = await rowCounts(api);
    expect(expectLimited(await post("/invites", newIp(), { token: alex.accessToken }), 180).detail).toContain(
      "for this household",
    );
    expect(await rowCounts(api)).toEqual(before);
    const other = await signUp();
    expect((await post("/invites", newIp(), { token: other.accessToken })).status).toBe(201);

    advanceSeconds(180);
    expect((await post("/invites", newIp(), { token: alex.accessToken })).status).toBe(201);
  });

  it("allows one address 30 an hour, signed in or not", async () => {
    const ip = newIp();
    await repeat(30, () => post("/invites", ip), 401);
    expectLimited(await post("/invites", ip), 120);
    expect((await post("/invites", newIp())).status).toBe(401);
  });
});

describe("POST /plaid/items/{id}/sync", () => {
  it("allows one household 30 manual syncs an hour from any addresses; a refused sync queues nothing", async () => {
    const alex = await signUp();
    const bank = await linkBank(api, alex.accessToken, { transactions: 5 });
    const syncNow = () => post(`/plaid/items/${bank.id}/sync`, newIp(), { token: alex.accessToken });
    await repeat(30, syncNow, 200);

    await api.plaid.queue.idle();
    const runs = (await syncRunsOf(api, bank.id)).length;
    expect(expectLimited(await syncNow(), 120).detail).toContain("Too many manual syncs for this household");
    await api.plaid.queue.idle();
    expect(await syncRunsOf(api, bank.id)).toHaveLength(runs);

    advanceSeconds(120);
    expect((await syncNow()).status).toBe(200);
  });

  it("allows one address 60 an hour, signed in or not", async () => {
    const ip = newIp();
    const path = "/plaid/items/00000000-0000-4000-8000-000000000000/sync";
    await repeat(60, () => post(path, ip), 401);
    expectLimited(await post(path, ip), 60);
    expect((await post(path, newIp())).status).toBe(401);
  });
});

describe("POST /plaid/webhook", () => {
  const webhook = (ip: string) =>
    post("/plaid/webhook", ip, { body: { webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE" } });

  it("allows one address 300 a minute (per address only: the item is known after verification)", async () => {
    const ip = newIp();
    await repeat(300, () => webhook(ip), 401);
    expectLimited(await webhook(ip), 1);
    expect((await webhook(newIp())).status).toBe(401);

    advanceSeconds(1);
    expect((await webhook(ip)).status).toBe(401);
  });
});

describe("the OpenAPI document", () => {
  it("declares 429 with Retry-After on every rate-limited route", async () => {
    type Operation = { responses: Record<string, { headers?: Record<string, unknown> }> };
    const doc = await api.request<{ paths: Record<string, Record<string, Operation>> }>("GET", "/openapi.json");
    for (const route of RATE_LIMITED_ROUTES) {
      const path = route.path.replace(/:(\w+)/g, "{$1}");
      const operation = doc.body.paths[path]?.post ?? doc.body.paths[`${path}/`]?.post;
      expect(operation?.responses[429]?.headers, path).toHaveProperty("Retry-After");
    }
  });
});
