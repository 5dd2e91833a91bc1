import { randomUUID } from "node:crypto";
import { DEFAULT_CATEGORIES } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, rowCounts } from "../../../test/expect";
import { createTestApi, PASSWORD, type SessionBody, type TestApi } from "../../../test/harness";

interface Session extends SessionBody {
  tokenType: string;
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
  member: SessionBody["member"] & { displayName: string; createdAt: string };
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

const newEmail = (tag = "m") => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

async function register(overrides: Record<string, unknown> = {}) {
  return api.request<Session>("POST", "/auth/register", {
    body: { email: newEmail(), password: PASSWORD, displayName: "Alex", householdName: "Home", ...overrides },
  });
}

async function registered() {
  const reply = await register();
  expect(reply.status).toBe(201);
  return reply.body;
}

async function login(email: string, password = PASSWORD) {
  return api.request<Session>("POST", "/auth/login", { body: { email, password } });
}

async function refresh(refreshToken: string) {
  return api.request<Session>("POST", "/auth/refresh", { body: { refreshToken } });
}

async function me(token: string) {
  return api.request<{ member: { id: string } }>("GET", "/me", { token });
}

describe("register", () => {
  it("creates a household, signs the member in and seeds the default categories", async () => {
    const email = newEmail("alex");
    const before = api.clock.now().getTime();
    const reply = await register({ email, displayName: "Alex", householdName: "Our place" });
    expect(reply.status).toBe(201);
    const session = reply.body;
    expect(session).toMatchObject({
      tokenType: "Bearer",
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refreshToken: expect.stringMatching(/^tdm_rt_[\w-]{43}$/),
      member: { id: expect.any(String), householdId: expect.any(String), email, displayName: "Alex" },
    });
    expect(Object.keys(session.member).sort()).toEqual(["createdAt", "displayName", "email", "householdId", "id"]);
    expect(JSON.stringify(session)).not.toMatch(/password|hash/i);
    expect(Date.parse(session.accessTokenExpiresAt) - before).toBeGreaterThan(14 * MINUTE);
    expect(Date.parse(session.accessTokenExpiresAt) - before).toBeLessThanOrEqual(15 * MINUTE);
    expect(Date.parse(session.refreshTokenExpiresAt) - before).toBe(30 * DAY);

    const profile = await api.request<{ household: { name: string; baseCurrency: string; members: unknown[] } }>(
      "GET",
      "/me",
      { token: session.accessToken },
    );
    expect(profile.body.household).toMatchObject({ name: "Our place", baseCurrency: "USD" });
    expect(profile.body.household.members).toHaveLength(1);

    const categories = await api.request<{
      items: { id: string; name: string; parentId: string | null; kind: string }[];
    }>("GET", "/categories", { token: session.accessToken });
    const expected = DEFAULT_CATEGORIES.flatMap((c) => [c.name, ...(c.children ?? [])]);
    expect(categories.body.items.map((c) => c.name).sort()).toEqual([...expected].sort());
    const byId = new Map(categories.body.items.map((c) => [c.id, c]));
    for (const seed of DEFAULT_CATEGORIES) {
      const root = categories.body.items.find((c) => c.name === seed.name && c.parentId === null)!;
      expect(root.kind, seed.name).toBe(seed.kind);
      for (const child of seed.children ?? []) {
        const row = categories.body.items.find((c) => c.name === child && c.parentId !== null)!;
        expect(byId.get(row.parentId!)?.name).toBe(seed.name);
        expect(row.kind, child).toBe(seed.kind);
      }
    }
    const kindOf = (name: string) => categories.body.items.find((c) => c.name === name)?.kind;
    expect([kindOf("Income"), kindOf("Salary")]).toEqual(["income", "income"]);
    expect([kindOf("Transfers"), kindOf("Credit card payment")]).toEqual(["transfer", "transfer"]);
    expect([kindOf("Food"), kindOf("Groceries"), kindOf("Fees")]).toEqual(["expense", "expense", "expense"]);
  });

  it("keeps the chosen base currency", async () => {
    const session = (await register({ baseCurrency: "EUR" })).body;
    const profile = await api.request<{ household: { baseCurrency: string } }>("GET", "/me", {
      token: session.accessToken,
    });
    expect(profile.body.household.baseCurrency).toBe("EUR");
  });

  it("treats email addresses case-insensitively", async () => {
    const tag = randomUUID().slice(0, 8);
    const reply = await register({ email: `Mixed.${tag}@Example.COM` });
    expect(reply.status).toBe(201);
    expect(reply.body.member.email).toBe(`mixed.${tag}@example.com`);
    expect((await login(`MIXED.${tag}@example.com`)).status).toBe(200);
    expectProblem(await register({ email: `mixed.${tag}@EXAMPLE.com` }), 409, "email_taken");
  });

  it("refuses a second registration with the same email and writes nothing", async () => {
    const email = newEmail();
    expect((await register({ email })).status).toBe(201);
    const before = await rowCounts(api);
    expectProblem(await register({ email, householdName: "Another" }), 409, "email_taken");
    expect(await rowCounts(api)).toEqual(before);
  });

  it.each([
    ["a short password", { password: "short" }],
    ["a 201-character password", { password: "x".repeat(201) }],
    ["an invalid email", { email: "not-an-email" }],
    ["a huge household name", { householdName: "h".repeat(10_000) }],
    ["a blank display name", { displayName: "   " }],
    ["a lowercase currency", { baseCurrency: "usd" }],
    ["an unknown field", { role: "admin" }],
    ["a household id of its own choosing", { householdId: randomUUID() }],
    ["a wrongly typed field", { displayName: 42 }],
  ])("refuses %s with 422 and writes nothing", async (_, overrides) => {
    const before = await rowCounts(api);
    const problem = expectProblem(await register(overrides), 422, "validation_failed");
    expect(problem.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(problem)).not.toContain(PASSWORD);
    expect(await rowCounts(api)).toEqual(before);
  });
});

describe("login", () => {
  let email: string;
  beforeAll(async () => {
    email = (await registered()).member.email;
  });

  it("signs in with the right password, starting a new session", async () => {
    const reply = await login(email);
    expect(reply.status).toBe(200);
    expect(reply.body.member.email).toBe(email);
    expect((await me(reply.body.accessToken)).status).toBe(200);
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const wrong = expectProblem(await login(email, "not the password at all"), 401, "invalid_credentials");
    const unknown = expectProblem(await login(newEmail("nobody")), 401, "invalid_credentials");
    expect(unknown.detail).toBe(wrong.detail);
    expect(unknown.title).toBe(wrong.title);
  });

  it("validates the body", async () => {
    expectProblem(await api.request("POST", "/auth/login", { body: { email } }), 422, "validation_failed");
    expectProblem(await api.request("POST", "/auth/login", { body: "{" }), 400, "malformed_json");
  });
});

describe("refresh", () => {
  it("rotates: the new pair works and the old refresh token is refused", async () => {
    const first = await registered();
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect(second.body.accessToken).not.toBe(first.accessToken);
    expect(second.body.member.id).toBe(first.member.id);
    expect((await me(second.body.accessToken)).status).toBe(200);
    expect((await refresh(first.refreshToken)).status).toBe(401);
  });

  it("treats reuse of a spent token as theft and revokes the whole family", async () => {
    const first = await registered();
    const second = (await refresh(first.refreshToken)).body;
    const third = (await refresh(second.refreshToken)).body;
    const elsewhere = (await login(first.member.email)).body; // another device: another family

    expectProblem(await refresh(first.refreshToken), 401, "refresh_token_reused");
    // The thief or the owner holds the newest token; neither can continue.
    expectProblem(await refresh(third.refreshToken), 401, "invalid_refresh_token");
    expectProblem(await refresh(second.refreshToken), 401);
    // Sessions from other logins are untouched.
    expect((await refresh(elsewhere.refreshToken)).status).toBe(200);
  });

  it("refuses a refresh token after 30 days, and slides the window on each use", async () => {
    const first = await registered();
    api.clock.advance(29 * DAY);
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    api.clock.advance(29 * DAY);
    const third = await refresh(second.body.refreshToken);
    expect(third.status).toBe(200);
    api.clock.advance(30 * DAY + MINUTE);
    expectProblem(await refresh(third.body.refreshToken), 401, "invalid_refresh_token");
  });

  it("refuses unknown and malformed tokens", async () => {
    expectProblem(await refresh(`tdm_rt_${"A".repeat(43)}`), 401, "invalid_refresh_token");
    expectProblem(await refresh("x".repeat(10_000)), 422, "validation_failed");
    expectProblem(await api.request("POST", "/auth/refresh", { body: {} }), 422, "validation_failed");
  });
});

describe("logout", () => {
  it("revokes the session family, whichever of its tokens is presented", async () => {
    const first = await registered();
    const second = (await refresh(first.refreshToken)).body;
    const other = (await login(first.member.email)).body;
    const reply = await api.request("POST", "/auth/logout", { body: { refreshToken: second.refreshToken } });
    expect(reply.status).toBe(204);
    expectProblem(await refresh(second.refreshToken), 401);
    expect((await refresh(other.refreshToken)).status).toBe(200);

    const third = (await login(first.member.email)).body;
    const fourth = (await refresh(third.refreshToken)).body;
    // Logging out with an older, already-spent token of the family ends the family too.
    expect((await api.request("POST", "/auth/logout", { body: { refreshToken: third.refreshToken } })).status).toBe(
      204,
    );
    expectProblem(await refresh(fourth.refreshToken), 401);
  });

  it("is quiet about unknown tokens", async () => {
    const reply = await api.request("POST", "/auth/logout", { body: { refreshToken: "tdm_rt_unknown" } });
    expect(reply.status).toBe(204);
  });
});

describe("access tokens", () => {
  it("expire after 15 minutes; a refresh gets a fresh one", async () => {
    const session = await registered();
    api.clock.advance(14 * MINUTE);
    expect((await me(session.accessToken)).status).toBe(200);
    api.clock.advance(2 * MINUTE);
    expectProblem(await me(session.accessToken), 401, "unauthorized");
    const renewed = await refresh(session.refreshToken);
    expect(renewed.status).toBe(200);
    expect((await me(renewed.body.accessToken)).status).toBe(200);
  });

  it("refuses missing, malformed, tampered and unsigned tokens", async () => {
    const session = await registered();
    const [header, payload, signature] = session.accessToken.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, hid: randomUUID() })).toString("base64url");
    const none = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;

    expectProblem(await api.request("GET", "/me"), 401, "unauthorized");
    for (const authorization of [
      "Bearer",
      "Bearer not-a-token",
      `Basic ${Buffer.from(`${session.member.email}:${PASSWORD}`).toString("base64")}`,
      `Bearer ${header}.${forged}.${signature}`,
      `Bearer ${none}.${payload}.`,
      `Bearer ${header}.${payload}.${flipped}`,
      `Bearer ${session.refreshToken}`,
    ]) {
      expectProblem(await api.request("GET", "/me", { headers: { authorization } }), 401, "unauthorized");
    }
    expect(
      (await api.request("GET", "/me", { headers: { authorization: `bearer ${session.accessToken}` } })).status,
    ).toBe(200);
  });
});
