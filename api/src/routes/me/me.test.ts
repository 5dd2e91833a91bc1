import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, rowCounts } from "../../../test/expect";
import {
  createAccount,
  createHousehold,
  createTestApi,
  PASSWORD,
  type SessionBody,
  type TestApi,
} from "../../../test/harness";
import { rows } from "../../db/client";
import { households } from "../../db/schema";

interface Me {
  member: { id: string; email: string; displayName: string; householdId: string };
  household: { id: string; name: string; baseCurrency: string; members: { id: string; displayName: string }[] };
}

const NEW_PASSWORD = "a much longer new passphrase";

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api.close());

const getMe = (token: string) => api.request<Me>("GET", "/me", { token });
const patchMe = (token: string, body: unknown) => api.request<Me>("PATCH", "/me", { token, body });
const login = (email: string, password = PASSWORD) =>
  api.request<SessionBody>("POST", "/auth/login", { body: { email, password } });
const refresh = (refreshToken: string) => api.request<SessionBody>("POST", "/auth/refresh", { body: { refreshToken } });

describe("GET /me", () => {
  it("shows the member and the household with both members", async () => {
    const { alex, blair, householdId } = await createHousehold(api, "Flat 3");
    const reply = await getMe(alex.accessToken);
    expect(reply.status).toBe(200);
    expect(reply.body.member).toMatchObject({ id: alex.member.id, email: alex.member.email, householdId });
    expect(reply.body.household).toMatchObject({ id: householdId, name: "Flat 3", baseCurrency: "USD" });
    expect(reply.body.household.members).toEqual([
      { id: alex.member.id, displayName: "Alex" },
      { id: blair.member.id, displayName: "Blair" },
    ]);
    expect(JSON.stringify(reply.body)).not.toMatch(/password|hash/i);
    expect(JSON.stringify(reply.body)).not.toContain(blair.member.email); // names only, not the partner's login
  });

  it("is for members only", async () => {
    const { alex } = await createHousehold(api);
    const key = await api.request<{ key: string }>("POST", "/api-keys", {
      token: alex.accessToken,
      body: { name: "loader" },
    });
    expectProblem(await getMe(key.body.key), 403, "member_required");
    expectProblem(await api.request("GET", "/me"), 401, "unauthorized");
  });
});

describe("PATCH /me", () => {
  let home: Awaited<ReturnType<typeof createHousehold>>;
  beforeAll(async () => {
    home = await createHousehold(api);
  });

  it("renames the member, as the partner sees too", async () => {
    const reply = await patchMe(home.alex.accessToken, { displayName: "  Alexandra  " });
    expect(reply.status).toBe(200);
    expect(reply.body.member.displayName).toBe("Alexandra");
    const partner = await getMe(home.blair.accessToken);
    expect(partner.body.household.members.find((m) => m.id === home.alex.member.id)?.displayName).toBe("Alexandra");
  });

  it("needs the current password to change the email", async () => {
    const email = `new-${randomUUID().slice(0, 8)}@example.com`;
    const missing = expectProblem(await patchMe(home.alex.accessToken, { email }), 422, "validation_failed");
    expect(missing.errors?.map((e) => e.path)).toContain("currentPassword");
    expectProblem(
      await patchMe(home.alex.accessToken, { email, currentPassword: "wrong password!" }),
      403,
      "wrong_password",
    );
    expect((await login(email)).status).toBe(401);

    const reply = await patchMe(home.alex.accessToken, { email, currentPassword: PASSWORD });
    expect(reply.status).toBe(200);
    expect(reply.body.member.email).toBe(email);
    expect((await login(email)).status).toBe(200);
    expectProblem(await login(home.alex.member.email), 401, "invalid_credentials");
    home.alex.member.email = email;
  });

  it("refuses an email another member already uses", async () => {
    expectProblem(
      await patchMe(home.alex.accessToken, { email: home.blair.member.email.toUpperCase(), currentPassword: PASSWORD }),
      409,
      "email_taken",
    );
  });

  it("needs the current password to change the password, then ends the other sessions", async () => {
    const { alex } = await createHousehold(api);
    const laptop = (await login(alex.member.email)).body;

    expectProblem(await patchMe(alex.accessToken, { newPassword: NEW_PASSWORD }), 422, "validation_failed");
    expectProblem(
      await patchMe(alex.accessToken, { newPassword: NEW_PASSWORD, currentPassword: "wrong password!" }),
      403,
      "wrong_password",
    );
    expectProblem(
      await patchMe(alex.accessToken, { newPassword: "short", currentPassword: PASSWORD }),
      422,
      "validation_failed",
    );
    expect((await login(alex.member.email)).status).toBe(200); // nothing changed yet

    const reply = await patchMe(alex.accessToken, { newPassword: NEW_PASSWORD, currentPassword: PASSWORD });
    expect(reply.status).toBe(200);
    expectProblem(await refresh(laptop.refreshToken), 401);
    expect((await refresh(alex.refreshToken)).status).toBe(200); // the session that changed it stays
    expectProblem(await login(alex.member.email), 401, "invalid_credentials");
    expect((await login(alex.member.email, NEW_PASSWORD)).status).toBe(200);
  });

  it("refuses unknown fields and writes nothing", async () => {
    const before = await getMe(home.alex.accessToken);
    for (const body of [
      { householdId: randomUUID() },
      { id: randomUUID() },
      { passwordHash: "x" },
      { displayName: "x".repeat(10_000) },
      { displayName: 7 },
    ]) {
      expectProblem(await patchMe(home.alex.accessToken, body), 422, "validation_failed");
    }
    expect(await getMe(home.alex.accessToken)).toMatchObject({ status: 200, body: before.body });
  });
});

describe("DELETE /me", () => {
  it("asks for the password", async () => {
    const { alex } = await createHousehold(api);
    const before = await rowCounts(api);
    expectProblem(
      await api.request("DELETE", "/me", { token: alex.accessToken, body: { password: "wrong password!" } }),
      403,
      "wrong_password",
    );
    expectProblem(await api.request("DELETE", "/me", { token: alex.accessToken }), 422, "validation_failed");
    expect(await rowCounts(api)).toEqual(before);
  });

  it("lets one member leave: the household stays and their accounts become shared", async () => {
    const { alex, blair, householdId } = await createHousehold(api);
    const own = await createAccount(api, blair.accessToken, { name: "Blair's savings", ownerId: blair.member.id });
    const joint = await createAccount(api, alex.accessToken, { name: "Joint" });
    const txn = await api.request<{ id: string }>("POST", "/transactions", {
      token: blair.accessToken,
      body: { accountId: own.id, date: "2026-03-01", amount: 5000, description: "Paycheque" },
    });
    expect(txn.status).toBe(201);
    const blairKey = await api.request<{ key: string }>("POST", "/api-keys", {
      token: blair.accessToken,
      body: { name: "Blair's loader" },
    });
    const alexKey = await api.request<{ key: string }>("POST", "/api-keys", {
      token: alex.accessToken,
      body: { name: "Alex's loader" },
    });

    const reply = await api.request("DELETE", "/me", { token: blair.accessToken, body: { password: PASSWORD } });
    expect(reply.status).toBe(204);

    // Blair is out, with every credential they had.
    expectProblem(await getMe(blair.accessToken), 401, "unauthorized");
    expectProblem(await api.request("GET", "/accounts", { token: blair.accessToken }), 401, "unauthorized");
    expectProblem(await refresh(blair.refreshToken), 401);
    expectProblem(await login(blair.member.email), 401, "invalid_credentials");
    expectProblem(await api.request("GET", "/accounts", { token: blairKey.body.key }), 401, "unauthorized");

    // The household and its money history stay with Alex.
    const me = await getMe(alex.accessToken);
    expect(me.body.household.id).toBe(householdId);
    expect(me.body.household.members).toEqual([{ id: alex.member.id, displayName: "Alex" }]);
    const account = await api.request<{ ownerId: string | null; balance: number }>("GET", `/accounts/${own.id}`, {
      token: alex.accessToken,
    });
    expect(account.body).toMatchObject({ ownerId: null, balance: 5000 });
    expect((await api.request("GET", `/accounts/${joint.id}`, { token: alex.accessToken })).status).toBe(200);
    expect((await api.request("GET", `/transactions/${txn.body.id}`, { token: alex.accessToken })).status).toBe(200);
    expect((await api.request("GET", "/accounts", { token: alexKey.body.key })).status).toBe(200);
  });

  it("deletes the household with everything in it when the last member leaves", async () => {
    const { alex, blair, householdId } = await createHousehold(api);
    const account = await createAccount(api, alex.accessToken, { ownerId: alex.member.id });
    for (const amount of [-100, 2500]) {
      const txn = await api.request("POST", "/transactions", {
        token: alex.accessToken,
        body: { accountId: account.id, date: "2026-03-02", amount, description: "Something" },
      });
      expect(txn.status).toBe(201);
    }
    await api.request("POST", "/categories", { token: alex.accessToken, body: { name: "Pets" } });
    await api.request("POST", "/api-keys", { token: alex.accessToken, body: { name: "loader" } });
    expect(
      (await api.request("DELETE", "/me", { token: blair.accessToken, body: { password: PASSWORD } })).status,
    ).toBe(204);
    // An outstanding invite must go with the household too.
    expect((await api.request("POST", "/invites", { token: alex.accessToken })).status).toBe(201);

    const reply = await api.request("DELETE", "/me", { token: alex.accessToken, body: { password: PASSWORD } });
    expect(reply.status).toBe(204);
    expectProblem(await getMe(alex.accessToken), 401, "unauthorized");
    expectProblem(await login(alex.member.email), 401, "invalid_credentials");

    const remaining = await api.deps.db.select().from(households).where(eq(households.id, householdId));
    expect(remaining).toEqual([]);
    const tables = rows<{ name: string }>(
      await api.deps.db.execute(
        sql`select table_name as name from information_schema.columns where table_schema = 'public' and column_name = 'household_id'`,
      ),
    );
    expect(tables.length).toBeGreaterThan(5);
    for (const { name } of tables) {
      const [row] = rows<{ n: number }>(
        await api.deps.db.execute(
          sql`select count(*)::int as n from ${sql.identifier(name)} where household_id = ${householdId}`,
        ),
      );
      expect(row!.n, `${name} rows left behind`).toBe(0);
    }
  });
});
