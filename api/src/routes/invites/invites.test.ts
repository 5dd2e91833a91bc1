import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, rowCounts } from "../../../test/expect";
import { createHousehold, createTestApi, PASSWORD, type SessionBody, type TestApi } from "../../../test/harness";

interface Invite {
  inviteToken: string;
  expiresAt: string;
}

const HOUR = 3_600_000;

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

const newEmail = (tag = "m") => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

async function founder() {
  const reply = await api.request<SessionBody>("POST", "/auth/register", {
    body: { email: newEmail("founder"), password: PASSWORD, displayName: "Alex", householdName: "Home" },
  });
  expect(reply.status).toBe(201);
  return reply.body;
}

async function invite(token: string) {
  const reply = await api.request<Invite>("POST", "/invites", { token });
  expect(reply.status).toBe(201);
  return reply.body;
}

function join(inviteToken: string, email = newEmail("joiner")) {
  return api.request<SessionBody>("POST", "/auth/join", {
    body: { inviteToken, email, password: PASSWORD, displayName: "Blair" },
  });
}

async function memberCount(token: string) {
  const me = await api.request<{ household: { members: unknown[] } }>("GET", "/me", { token });
  return me.body.household.members.length;
}

describe("invites", () => {
  it("lets the second member join once", async () => {
    const alex = await founder();
    const before = api.clock.now().getTime();
    const { inviteToken, expiresAt } = await invite(alex.accessToken);
    expect(inviteToken).toMatch(/^tdm_inv_[\w-]{43}$/);
    expect(Date.parse(expiresAt) - before).toBe(72 * HOUR);

    const joined = await join(inviteToken);
    expect(joined.status).toBe(201);
    expect(joined.body.member.householdId).toBe(alex.member.householdId);
    expect((await api.request("GET", "/me", { token: joined.body.accessToken })).status).toBe(200);
    expect(await memberCount(alex.accessToken)).toBe(2);

    const before2 = await rowCounts(api);
    expectProblem(await join(inviteToken), 400, "invalid_invite");
    expect(await rowCounts(api)).toEqual(before2);
  });

  it("refuses an expired invite, and a fresh one works", async () => {
    const alex = await founder();
    const stale = await invite(alex.accessToken);
    api.clock.advance(72 * HOUR + 1000);
    expectProblem(await join(stale.inviteToken), 400, "invalid_invite");

    const again = await api.request<SessionBody>("POST", "/auth/login", {
      body: { email: alex.member.email, password: PASSWORD },
    });
    const fresh = await invite(again.body.accessToken);
    api.clock.advance(71 * HOUR);
    expect((await join(fresh.inviteToken)).status).toBe(201);
  });

  it("caps the household at two members", async () => {
    const { alex, blair } = await createHousehold(api);
    expectProblem(await api.request("POST", "/invites", { token: alex.accessToken }), 409, "household_full");
    expectProblem(await api.request("POST", "/invites", { token: blair.accessToken }), 409, "household_full");
    expect(await memberCount(alex.accessToken)).toBe(2);
  });

  it("replaces an earlier unused invite", async () => {
    const alex = await founder();
    const old = await invite(alex.accessToken);
    const current = await invite(alex.accessToken);
    expect(current.inviteToken).not.toBe(old.inviteToken);
    expectProblem(await join(old.inviteToken), 400, "invalid_invite");
    expect((await join(current.inviteToken)).status).toBe(201);
  });

  it("is not spent by a join that fails", async () => {
    const alex = await founder();
    const { inviteToken } = await invite(alex.accessToken);
    expectProblem(await join(inviteToken, alex.member.email), 409, "email_taken");
    expectProblem(
      await api.request("POST", "/auth/join", { body: { inviteToken, email: newEmail(), password: "short" } }),
      422,
      "validation_failed",
    );
    expect((await join(inviteToken)).status).toBe(201);
  });

  it("can be issued again after a member leaves", async () => {
    const { alex, blair } = await createHousehold(api);
    const left = await api.request("DELETE", "/me", { token: blair.accessToken, body: { password: PASSWORD } });
    expect(left.status).toBe(204);
    const { inviteToken } = await invite(alex.accessToken);
    expect((await join(inviteToken)).status).toBe(201);
    expect(await memberCount(alex.accessToken)).toBe(2);
  });

  it("refuses unknown invite tokens", async () => {
    expectProblem(await join(`tdm_inv_${"A".repeat(43)}`), 400, "invalid_invite");
    expectProblem(await join("x".repeat(10_000)), 422, "validation_failed");
  });

  it("needs a signed-in member: no anonymous callers, no API keys", async () => {
    const alex = await founder();
    expectProblem(await api.request("POST", "/invites"), 401, "unauthorized");
    const key = await api.request<{ key: string }>("POST", "/api-keys", {
      token: alex.accessToken,
      body: { name: "loader" },
    });
    const before = await rowCounts(api);
    expectProblem(await api.request("POST", "/invites", { token: key.body.key }), 403, "member_required");
    expect(await rowCounts(api)).toEqual(before);
  });
});
