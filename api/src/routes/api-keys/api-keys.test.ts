import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, rowCounts } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";

interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  scope: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
interface CreatedKey extends ApiKey {
  key: string;
}
interface OpenApi {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

let api: TestApi;
let token: string;
let accountId: string;
let transactionId: string;
let categoryId: string;
let created: CreatedKey;

beforeAll(async () => {
  api = await createTestApi();
  token = (await createHousehold(api)).alex.accessToken;
  accountId = (await createAccount(api, token)).id;
  const txn = await api.request<{ id: string }>("POST", "/transactions", {
    token,
    body: { accountId, date: "2026-03-01", amount: -450, description: "Coffee" },
  });
  transactionId = txn.body.id;
  const categories = await api.request<{ items: { id: string }[] }>("GET", "/categories", { token });
  categoryId = categories.body.items[0]!.id;
  const reply = await api.request<CreatedKey>("POST", "/api-keys", { token, body: { name: "Dashboard loaders" } });
  expect(reply.status).toBe(201);
  created = reply.body;
});
afterAll(() => api.close());

const list = async () => (await api.request<{ items: ApiKey[] }>("GET", "/api-keys", { token })).body.items;

describe("creating and listing", () => {
  it("shows the key once, read-only", () => {
    expect(created).toMatchObject({ name: "Dashboard loaders", scope: "read", lastUsedAt: null, revokedAt: null });
    expect(created.key).toMatch(/^tdm_ro_[\w-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created.prefix.length).toBeLessThan(16);
  });

  it("never lists the key itself", async () => {
    const reply = await api.request<{ items: ApiKey[] }>("GET", "/api-keys", { token });
    expect(reply.status).toBe(200);
    const item = reply.body.items.find((k) => k.id === created.id)!;
    expect(item).toMatchObject({ name: created.name, prefix: created.prefix, scope: "read" });
    for (const key of reply.body.items) expect(key).not.toHaveProperty("key");
    expect(JSON.stringify(reply.body)).not.toContain(created.key);
  });

  it.each([
    ["an empty name", { name: "  " }],
    ["a huge name", { name: "k".repeat(10_000) }],
    ["a write scope", { name: "writer", scope: "write" }],
    ["a chosen key", { name: "mine", key: "tdm_ro_chosen" }],
    ["a wrong type", { name: ["x"] }],
  ])("refuses %s", async (_, body) => {
    const before = await rowCounts(api);
    expectProblem(await api.request("POST", "/api-keys", { token, body }), 422, "validation_failed");
    expect(await rowCounts(api)).toEqual(before);
  });
});

describe("using a key", () => {
  it("reads accounts, transactions and categories", async () => {
    for (const path of [
      "/accounts",
      `/accounts/${accountId}`,
      "/transactions",
      `/transactions/${transactionId}`,
      "/transactions?limit=1&sort=amount",
      "/categories",
      `/categories/${categoryId}`,
    ]) {
      const reply = await api.request("GET", path, { token: created.key });
      expect(reply.status, path).toBe(200);
    }
    const page = await api.request<{ items: { id: string }[] }>("GET", "/transactions", { token: created.key });
    expect(page.body.items.map((t) => t.id)).toEqual([transactionId]);
    expect((await list()).find((k) => k.id === created.id)?.lastUsedAt).not.toBeNull();
  });

  it("is refused every write, before anything is written", async () => {
    const doc = (await api.request<OpenApi>("GET", "/openapi.json")).body;
    const ids: Record<string, string> = {
      "/accounts/{id}": accountId,
      "/transactions/{id}": transactionId,
      "/categories/{id}": categoryId,
      "/api-keys/{id}": created.id,
    };
    const bodies: Record<string, unknown> = {
      "POST /accounts": { name: "Sneaky", type: "cash", currency: "USD" },
      "POST /transactions": { accountId, date: "2026-03-02", amount: 1, description: "Sneaky" },
      "PATCH /transactions/{id}": { amount: 1 },
      "PATCH /accounts/{id}": { name: "Renamed" },
      "POST /categories": { name: "Sneaky" },
      "PATCH /categories/{id}": { name: "Renamed" },
    };
    const snapshot = async () =>
      Promise.all(
        [`/accounts/${accountId}`, `/transactions/${transactionId}`, `/categories/${categoryId}`, "/api-keys"].map(
          (path) => api.request("GET", path, { token }).then((r) => r.body),
        ),
      );
    const countsBefore = await rowCounts(api);
    const before = await snapshot();

    let writes = 0;
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (method === "get" || !operation.security) continue;
        writes++;
        const url = path.replace("{id}", ids[path] ?? randomUUID());
        const reply = await api.request(method.toUpperCase(), url, {
          token: created.key,
          body: bodies[`${method.toUpperCase()} ${path}`] ?? {},
        });
        const problem = expectProblem(reply, 403);
        const memberOnly = ["/me", "/invites", "/api-keys", "/notifications"].some(
          (p) => path === p || path.startsWith(`${p}/`),
        );
        expect(problem.code, `${method} ${path}`).toBe(memberOnly ? "member_required" : "read_only_key");
      }
    }
    expect(writes).toBeGreaterThanOrEqual(14);
    expect(await rowCounts(api)).toEqual(countsBefore);
    expect(await snapshot()).toEqual(before);
  });

  it("cannot manage API keys, not even list them", async () => {
    expectProblem(await api.request("GET", "/api-keys", { token: created.key }), 403, "member_required");
    expectProblem(
      await api.request("POST", "/api-keys", { token: created.key, body: { name: "child" } }),
      403,
      "member_required",
    );
    expectProblem(
      await api.request("DELETE", `/api-keys/${created.id}`, { token: created.key }),
      403,
      "member_required",
    );
  });

  it("is refused when unknown", async () => {
    expectProblem(await api.request("GET", "/accounts", { token: `tdm_ro_${"A".repeat(43)}` }), 401, "unauthorized");
    expectProblem(await api.request("GET", "/accounts", { token: created.prefix }), 401, "unauthorized");
  });
});

describe("revoking", () => {
  it("locks the key out at once; revoking twice is harmless", async () => {
    const spare = (await api.request<CreatedKey>("POST", "/api-keys", { token, body: { name: "Spare" } })).body;
    expect((await api.request("GET", "/accounts", { token: spare.key })).status).toBe(200);

    expect((await api.request("DELETE", `/api-keys/${spare.id}`, { token })).status).toBe(204);
    expectProblem(await api.request("GET", "/accounts", { token: spare.key }), 401, "unauthorized");
    expect((await api.request("DELETE", `/api-keys/${spare.id}`, { token })).status).toBe(204);
    expect((await list()).find((k) => k.id === spare.id)?.revokedAt).not.toBeNull();

    // Other keys keep working.
    expect((await api.request("GET", "/accounts", { token: created.key })).status).toBe(200);
  });

  it("answers 404 for unknown keys and 422 for malformed ids", async () => {
    expectProblem(await api.request("DELETE", `/api-keys/${randomUUID()}`, { token }), 404, "not_found");
    expectProblem(await api.request("DELETE", "/api-keys/not-a-uuid", { token }), 422, "validation_failed");
  });
});
