import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectNoInternals, expectProblem, rowCounts } from "../test/expect";
import { createAccount, createHousehold, type Reply, type TestApi } from "../test/harness";
import { createPlaidTestApi, linkBank, type PlaidTestApi } from "../test/plaid-harness";
import { notify } from "./notifications/notify";

interface Operation {
  security?: Record<string, unknown>[];
  parameters?: { name: string; in: string }[];
  requestBody?: { required?: boolean; content: Record<string, unknown> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}
interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
}
interface Listed {
  items: { id: string }[];
}

const DASHBOARD = "http://dashboard.test";

let api: PlaidTestApi;
let doc: OpenApiDoc;
let a: Awaited<ReturnType<typeof createHousehold>>;
let b: Awaited<ReturnType<typeof createHousehold>>;
let keyA: { id: string; key: string };
let keyB: { id: string; key: string };
let accountA: string;
let transactionA: string;
let categoryA: string;
let accountB: string;
let transactionB: string;
let categoryB: string;
let replies = 0;

/** Every request in this file goes through here, so every reply is checked for leaked internals. */
async function call<T = unknown>(
  method: string,
  path: string,
  options?: Parameters<TestApi["request"]>[2],
): Promise<Reply<T>> {
  const reply = await api.request<T>(method, path, options);
  expectNoInternals(reply);
  if (reply.status >= 400 && path !== "/health") expectProblem(reply, reply.status);
  replies++;
  return reply;
}

async function transaction(token: string, accountId: string, description: string) {
  const reply = await call<{ id: string }>("POST", "/transactions", {
    token,
    body: { accountId, date: "2026-03-01", amount: -1234, description },
  });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

beforeAll(async () => {
  api = await createPlaidTestApi();
  a = await createHousehold(api, "Household A");
  b = await createHousehold(api, "Household B");
  const tokenA = a.alex.accessToken;
  const tokenB = b.alex.accessToken;
  // A linked bank, so the /plaid/items routes have a row of A's to try from B. A short
  // history keeps every listing of A's on its first page.
  await linkBank(api, tokenA, { transactions: 5 });
  accountA = (await createAccount(api, tokenA, { name: "A checking", ownerId: a.blair.member.id })).id;
  accountB = (await createAccount(api, tokenB, { name: "B checking" })).id;
  transactionA = await transaction(tokenA, accountA, "A's groceries");
  transactionB = await transaction(tokenB, accountB, "B's groceries");
  categoryA = (await call<{ id: string }>("POST", "/categories", { token: tokenA, body: { name: "A only" } })).body.id;
  categoryB = (await call<{ id: string }>("POST", "/categories", { token: tokenB, body: { name: "B only" } })).body.id;
  const rule = {
    name: "A's rule",
    conditions: [{ field: "description", op: "contains", value: "groceries" }],
    actions: [{ type: "setCategory", categoryId: categoryA }],
  };
  expect((await call("POST", "/rules", { token: tokenA, body: rule })).status).toBe(201);
  // A template and a goal, so /recurring/{id} and /goals/{id} have rows of A's to try from B.
  const template = {
    accountId: accountA,
    amount: -5000,
    description: "A's rent",
    cadence: "monthly",
    startDate: "2026-03-01",
  };
  expect((await call("POST", "/recurring", { token: tokenA, body: template })).status).toBe(201);
  expect(
    (await call("POST", "/goals", { token: tokenA, body: { name: "A's goal", targetAmount: 100000 } })).status,
  ).toBe(201);
  // A budget, so /budgets/{id} has a row of A's to try from B.
  expect(
    (
      await call("POST", "/budgets", {
        token: tokenA,
        body: { amount: 50000, period: "monthly", startDate: "2026-01-01" },
      })
    ).status,
  ).toBe(201);
  // A notification for A's members, so /notifications/{id}/read has a row of A's to try from B.
  await notify(api.deps.db, {
    householdId: a.householdId,
    kind: "test",
    topic: "budget",
    dedupeKey: "t",
    title: "A",
    body: "A",
  });
  // A settlement, so /settlements/{id} has a row of A's to try from B.
  expect((await call("POST", "/settlements", { token: tokenA, body: { amount: 100 } })).status).toBe(201);
  keyA = (await call<{ id: string; key: string }>("POST", "/api-keys", { token: tokenA, body: { name: "A" } })).body;
  keyB = (await call<{ id: string; key: string }>("POST", "/api-keys", { token: tokenB, body: { name: "B" } })).body;
  doc = (await call<OpenApiDoc>("GET", "/openapi.json")).body;
});
afterAll(() => api.close());

describe("CORS", () => {
  it("lets the dashboard origin read simple responses, errors included", async () => {
    for (const [path, status] of [
      ["/health", 200],
      ["/accounts", 401],
      ["/nowhere", 404],
    ] as const) {
      const reply = await call("GET", path, { headers: { origin: DASHBOARD } });
      expect(reply.status).toBe(status);
      expect(reply.headers.get("access-control-allow-origin")).toBe(DASHBOARD);
      expect(reply.headers.get("access-control-expose-headers")).toMatch(/x-request-id/i);
      expect(reply.headers.get("access-control-allow-credentials")).toBeNull();
      expect(reply.headers.get("vary")).toMatch(/origin/i);
    }
  });

  it("answers the dashboard's preflight", async () => {
    const reply = await call("OPTIONS", "/transactions", {
      headers: {
        origin: DASHBOARD,
        "access-control-request-method": "PATCH",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(reply.status).toBe(204);
    expect(reply.headers.get("access-control-allow-origin")).toBe(DASHBOARD);
    expect(reply.headers.get("access-control-allow-methods")).toMatch(/PATCH/);
    expect(reply.headers.get("access-control-allow-headers")?.toLowerCase()).toMatch(/authorization.*content-type/);
    expect(Number(reply.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    expect(reply.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it.each([
    "http://evil.test",
    "https://dashboard.test",
    "http://dashboard.test:8080",
    "http://dashboard.test.evil.test",
    "http://sub.dashboard.test",
    "null",
    "*",
  ])("gives %s no CORS headers at all", async (origin) => {
    const corsHeaders = (reply: Reply) => {
      const names: string[] = [];
      reply.headers.forEach((_, name) => {
        if (name.startsWith("access-control-")) names.push(name);
      });
      return names;
    };
    const simple = await call("GET", "/health", { headers: { origin } });
    expect(simple.status).toBe(200);
    expect(corsHeaders(simple)).toEqual([]);
    const authed = await call("GET", "/accounts", { token: a.alex.accessToken, headers: { origin } });
    expect(corsHeaders(authed)).toEqual([]);
    const preflight = await call("OPTIONS", "/transactions", {
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization" },
    });
    expect(corsHeaders(preflight)).toEqual([]);
    expect(preflight.headers.get("vary")).toMatch(/origin/i);
  });
});

describe("validation: every kind of bad input is a clear 4xx and writes nothing", () => {
  interface Case {
    name: string;
    method: string;
    path: () => string;
    body?: () => unknown;
    headers?: Record<string, string>;
    status: number;
    code: string;
  }
  const HUGE = "x".repeat(10_000);
  const txBody = (over: Record<string, unknown> = {}) => ({
    accountId: accountA,
    date: "2026-03-02",
    amount: -1234,
    description: "Valid",
    ...over,
  });
  const accountBody = (over: Record<string, unknown> = {}) => ({
    name: "Valid",
    type: "checking",
    currency: "USD",
    ...over,
  });
  const withoutKey = (body: Record<string, unknown>, key: string) =>
    Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));

  const cases: Case[] = [];
  const add = (
    name: string,
    method: string,
    path: () => string,
    body: (() => unknown) | undefined,
    status = 422,
    code = "validation_failed",
    headers?: Record<string, string>,
  ) => {
    const entry: Case = { name, method, path, status, code };
    if (body) entry.body = body;
    if (headers) entry.headers = headers;
    cases.push(entry);
  };

  // POST /transactions
  const postTx = (
    name: string,
    body: () => unknown,
    status?: number,
    code?: string,
    headers?: Record<string, string>,
  ) => add(`POST /transactions: ${name}`, "POST", () => "/transactions", body, status, code, headers);
  postTx("amount as a string", () => txBody({ amount: "-1234" }));
  postTx("amount as a boolean", () => txBody({ amount: true }));
  postTx("amount missing", () => withoutKey(txBody(), "amount"));
  postTx("date as a number", () => txBody({ date: 20260302 }));
  postTx("accountId as a number", () => txBody({ accountId: 42 }));
  postTx("accountId not a uuid", () => txBody({ accountId: "checking" }));
  postTx("description as an array", () => txBody({ description: ["a"] }));
  postTx("pending as a string", () => txBody({ pending: "true" }));
  postTx("merchant as an object", () => txBody({ merchant: { name: "x" } }));
  postTx("a JSON array body", () => [txBody()]);
  postTx("a JSON string body", () => JSON.stringify("hello"));
  postTx("a JSON null body", () => "null");
  postTx("a JSON number body", () => "42");
  postTx("unknown field householdId", () => txBody({ householdId: b.householdId }));
  postTx("unknown field source", () => txBody({ source: "plaid" }));
  postTx("unknown field id", () => txBody({ id: randomUUID() }));
  postTx("unknown field categorySource", () => txBody({ categorySource: "rule" }));
  postTx("a __proto__ key", () => `{"__proto__":{"admin":true},${JSON.stringify(txBody()).slice(1)}`);
  postTx("a 10,000-character description", () => txBody({ description: HUGE }));
  postTx("a 10,000-character merchant", () => txBody({ merchant: HUGE }));
  postTx("a 10,000-character note", () => txBody({ notes: HUGE }));
  postTx("a 10,000-character sourceId", () => txBody({ sourceId: HUGE }));
  postTx("a 10,000-character currency", () => txBody({ currency: HUGE }));
  postTx("a blank description", () => txBody({ description: "   " }));
  postTx("a NUL character in the description", () => txBody({ description: "bad\u0000byte" }));
  postTx("a NUL character in the notes", () => txBody({ notes: "\u0000" }));
  for (const date of ["2026-02-30", "2026-13-01", "yesterday", "2025-02-29", "2026-3-1", "2026-03-01T00:00:00Z", ""]) {
    postTx(`date ${JSON.stringify(date)}`, () => txBody({ date }));
  }
  for (const amount of [12.5, 0.1, -0.01, 1e-7]) postTx(`amount ${amount}`, () => txBody({ amount }));
  for (const amount of [2 ** 53, -(2 ** 53), 1e20, -1e300]) postTx(`amount ${amount}`, () => txBody({ amount }));
  postTx("amount 2^53+1 written out", () =>
    JSON.stringify(txBody()).replace('"amount":-1234', '"amount":9007199254740993'),
  );
  postTx("amount 1e400 (Infinity)", () => JSON.stringify(txBody()).replace('"amount":-1234', '"amount":1e400'));
  postTx("a currency other than the account's", () => txBody({ currency: "EUR" }), 422, "currency_mismatch");
  postTx("a lowercase currency", () => txBody({ currency: "usd" }));
  postTx("an unknown account", () => txBody({ accountId: randomUUID() }), 422, "unknown_account");
  postTx("an unknown category", () => txBody({ categoryId: randomUUID() }), 422, "unknown_category");
  postTx("malformed JSON", () => '{"amount": ', 400, "malformed_json");
  postTx("JSON with single quotes", () => "{'amount': 1}", 400, "malformed_json");
  postTx("an empty JSON body", () => "", 400, "malformed_json");
  postTx("a text/plain body", () => JSON.stringify(txBody()), 415, "unsupported_media_type", {
    "content-type": "text/plain",
  });
  postTx("a form body", () => "amount=1", 415, "unsupported_media_type", {
    "content-type": "application/x-www-form-urlencoded",
  });
  postTx("a 2 MB body", () => txBody({ description: "x".repeat(2 * 1024 * 1024) }), 413, "payload_too_large");

  // POST /accounts
  const postAccount = (name: string, body: () => unknown, status?: number, code?: string) =>
    add(`POST /accounts: ${name}`, "POST", () => "/accounts", body, status, code);
  postAccount("type not in the list", () => accountBody({ type: "crypto" }));
  postAccount("currency as a number", () => accountBody({ currency: 840 }));
  postAccount("currency of two letters", () => accountBody({ currency: "US" }));
  postAccount("name as a number", () => accountBody({ name: 7 }));
  postAccount("a 10,000-character name", () => accountBody({ name: HUGE }));
  postAccount("a 10,000-character institution", () => accountBody({ institution: HUGE }));
  postAccount("a NUL character in the name", () => accountBody({ name: "Joint\u0000" }));
  postAccount("opening balance 12.5", () => accountBody({ openingBalance: 12.5 }));
  postAccount("opening balance beyond 2^53", () => accountBody({ openingBalance: 2 ** 53 }));
  postAccount("opening balance as a string", () => accountBody({ openingBalance: "100" }));
  postAccount("unknown field balance", () => accountBody({ balance: 5 }));
  postAccount("unknown field householdId", () => accountBody({ householdId: b.householdId }));
  postAccount("owner from another household", () => accountBody({ ownerId: b.alex.member.id }), 422, "unknown_member");
  postAccount("malformed JSON", () => "{name: Valid}", 400, "malformed_json");

  // PATCH /transactions/{id}
  const patchTx = (
    name: string,
    body: () => unknown,
    status?: number,
    code?: string,
    headers?: Record<string, string>,
  ) =>
    add(
      `PATCH /transactions/{id}: ${name}`,
      "PATCH",
      () => `/transactions/${transactionA}`,
      body,
      status,
      code,
      headers,
    );
  patchTx("amount 12.5", () => ({ amount: 12.5 }));
  patchTx("amount as a string", () => ({ amount: "12" }));
  patchTx("amount beyond 2^53", () => ({ amount: 2 ** 53 }));
  patchTx("date 2026-02-30", () => ({ date: "2026-02-30" }));
  patchTx("date 2026-13-01", () => ({ date: "2026-13-01" }));
  patchTx("date yesterday", () => ({ date: "yesterday" }));
  patchTx("a blank description", () => ({ description: "" }));
  patchTx("a 10,000-character description", () => ({ description: HUGE }));
  patchTx("a 10,000-character note", () => ({ notes: HUGE }));
  patchTx("a NUL character in the merchant", () => ({ merchant: "Caf\u0000e" }));
  patchTx("pending as a string", () => ({ pending: "false" }));
  patchTx("categoryId not a uuid", () => ({ categoryId: "Groceries" }));
  patchTx("the other household's category", () => ({ categoryId: categoryB }), 422, "unknown_category");
  patchTx("unknown field currency", () => ({ currency: "EUR" }));
  patchTx("unknown field accountId", () => ({ accountId: accountB }));
  patchTx("unknown field source", () => ({ source: "plaid" }));
  patchTx("unknown field householdId", () => ({ householdId: b.householdId }));
  patchTx("a JSON array body", () => [{ amount: 1 }]);
  patchTx("malformed JSON", () => '{"amount": 1', 400, "malformed_json");
  patchTx("a text/plain body", () => '{"amount": 1}', 415, "unsupported_media_type", { "content-type": "text/plain" });
  add(
    "PATCH /transactions/{id}: id not a uuid",
    "PATCH",
    () => "/transactions/42",
    () => ({ amount: 1 }),
  );

  // GET /transactions query
  const query = (name: string, qs: string, status?: number, code?: string) =>
    add(`GET /transactions?: ${name}`, "GET", () => `/transactions?${qs}`, undefined, status, code);
  for (const limit of ["-1", "0", "1000", "1.5", "abc", "", "1e9"]) query(`limit=${limit}`, `limit=${limit}`);
  query("two limits", "limit=5&limit=6");
  query("from=2026-02-30", "from=2026-02-30");
  query("to=2026-13-01", "to=2026-13-01");
  query("from=yesterday", "from=yesterday");
  query("from after to", "from=2026-03-02&to=2026-03-01");
  query("minAmount=12.5", "minAmount=12.5");
  query("minAmount beyond 2^53", "minAmount=9007199254740993");
  query("maxAmount=abc", "maxAmount=abc");
  query("minAmount above maxAmount", "minAmount=10&maxAmount=1");
  query("accountId not a uuid", "accountId=checking");
  query("sort=name", "sort=name");
  query("order=up", "order=up");
  query("uncategorised=yes", "uncategorised=yes");
  query("uncategorised with a category", `uncategorised=true&categoryId=${randomUUID()}`);
  query("a 10,000-character search", `q=${HUGE}`);
  query("a NUL character in the search", "q=a%00b");
  query("a 10,000-character cursor", `cursor=${HUGE}`);
  query("a cursor that is not ours", "cursor=bm90LWEtY3Vyc29y", 400, "invalid_cursor");
  const forged = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString("base64url");
  const uuid = "0b9a3c0e-6a52-4f1e-9a55-0e7f6a2f8c11";
  query(
    "a forged cursor with a bad date",
    `cursor=${forged(["date", "desc", "not-a-date", uuid])}`,
    400,
    "invalid_cursor",
  );
  query(
    "a forged cursor with 2026-02-30",
    `cursor=${forged(["date", "desc", "2026-02-30", uuid])}`,
    400,
    "invalid_cursor",
  );
  query(
    "a forged cursor with a huge amount",
    `sort=amount&cursor=${forged(["amount", "desc", 1e300, uuid])}`,
    400,
    "invalid_cursor",
  );
  query(
    "a forged cursor with a fractional amount",
    `sort=amount&cursor=${forged(["amount", "desc", 1.5, uuid])}`,
    400,
    "invalid_cursor",
  );

  let countsBefore: Record<string, number>;
  let snapshotBefore: unknown[];
  const snapshot = () =>
    Promise.all(
      [`/transactions/${transactionA}`, `/accounts/${accountA}`, "/accounts", "/categories"].map(
        async (path) => (await call("GET", path, { token: a.alex.accessToken })).body,
      ),
    );
  beforeAll(async () => {
    countsBefore = await rowCounts(api);
    snapshotBefore = await snapshot();
  });

  it.each(cases.map((c) => [`${c.name} → ${c.status} ${c.code}`, c] as const))("%s", async (_, testCase) => {
    const { method, path, body, headers, status, code } = testCase;
    const options: Parameters<TestApi["request"]>[2] = { token: a.alex.accessToken };
    if (body) options.body = body();
    if (headers) options.headers = headers;
    const problem = expectProblem(await call(method, path(), options), status, code);
    if (status === 422 && code === "validation_failed") expect(problem.errors?.length).toBeGreaterThan(0);
  });

  it("ignores unknown query parameters rather than acting on them", async () => {
    const reply = await call<Listed>("GET", `/transactions?householdId=${b.householdId}&admin=true`, {
      token: a.alex.accessToken,
    });
    expect(reply.status).toBe(200);
    // Exactly A's own listing: A's manual transaction and its bank's, nothing of B's.
    const own = await call<Listed>("GET", "/transactions", { token: a.alex.accessToken });
    expect(reply.body.items).toEqual(own.body.items);
    expect(reply.body.items.map((t) => t.id)).toContain(transactionA);
    expect(reply.body.items.map((t) => t.id)).not.toContain(transactionB);
  });

  it("wrote nothing: row counts and the targeted rows are unchanged", async () => {
    expect(await rowCounts(api)).toEqual(countsBefore);
    expect(await snapshot()).toEqual(snapshotBefore);
  });
});

describe("cross-household access", () => {
  interface Target {
    method: string;
    path: string;
    url: string;
    random: string;
    body?: unknown;
  }
  // The listing that holds a route's {id}: /plaid/items for /plaid/items/{id}/sync-runs too.
  const collectionOf = (path: string) => path.slice(0, path.indexOf("/{id}"));
  const securedGets = () =>
    Object.entries(doc.paths)
      .filter(([path, ops]) => ops.get?.security && !path.includes("{"))
      .map(([path]) => path);

  /** Household A's id for each `/x/{id}` route, taken from A's own listing of `/x`. */
  async function targets(): Promise<Target[]> {
    const list: Target[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      if (!path.includes("{id}")) continue;
      const collection = collectionOf(path);
      const listing = await call<Listed>("GET", collection, { token: a.alex.accessToken });
      expect(listing.status, `${collection} must be listable to test ${path}`).toBe(200);
      const id = listing.body.items[0]?.id;
      expect(id, `household A needs a row in ${collection} (add one in beforeAll)`).toBeTruthy();
      for (const [method, operation] of Object.entries(operations)) {
        const target: Target = {
          method: method.toUpperCase(),
          path,
          url: path.replace("{id}", id!),
          random: path.replace("{id}", randomUUID()),
        };
        // An empty body is valid for every PATCH here; a route needing more fails loudly with 422.
        if (operation.requestBody) target.body = {};
        list.push(target);
      }
    }
    return list;
  }

  async function snapshotA() {
    const out: Record<string, unknown> = {};
    for (const path of securedGets()) out[path] = (await call("GET", path, { token: a.alex.accessToken })).body;
    return out;
  }

  it("answers 404 for every {id} route, exactly as for an id that does not exist, and changes nothing", async () => {
    const list = await targets();
    expect(new Set(list.map((t) => t.path)).size).toBeGreaterThanOrEqual(4);
    expect(list.map((t) => `${t.method} ${t.path}`)).toEqual(
      expect.arrayContaining([
        "DELETE /plaid/items/{id}",
        "POST /plaid/items/{id}/sync",
        "GET /plaid/items/{id}/sync-runs",
      ]),
    );
    expect(list.length).toBeGreaterThanOrEqual(10);
    const before = await snapshotA();
    const counts = await rowCounts(api);

    // Writes last, so a DELETE that wrongly succeeded cannot hide a read that leaks.
    const ordered = [...list].sort((x, y) => Number(x.method === "DELETE") - Number(y.method === "DELETE"));
    for (const target of ordered) {
      const label = `${target.method} ${target.path}`;
      const options = { token: b.alex.accessToken, ...(target.body ? { body: target.body } : {}) };
      const theirs = await call<{ code: string; detail: string }>(target.method, target.url, options);
      expect(theirs.status, label).toBe(404);
      const missing = await call<{ code: string; detail: string }>(target.method, target.random, options);
      expect(missing.status, label).toBe(404);
      expect(theirs.body.code, label).toBe(missing.body.code);
      expect(theirs.body.detail, label).toBe(missing.body.detail);
      if (target.method === "GET") {
        const viaKey = await call("GET", target.url, { token: keyB.key });
        expect(viaKey.status, `${label} with B's API key`).toBe(404);
      }
    }
    expect(await snapshotA()).toEqual(before);
    expect(await rowCounts(api)).toEqual(counts);
  });

  it("never includes A's ids in any of B's listings", async () => {
    const idsOfA = new Set([a.householdId, a.alex.member.id, a.blair.member.id, keyA.id]);
    for (const path of securedGets()) {
      const listing = await call<Partial<Listed>>("GET", path, { token: a.alex.accessToken });
      for (const item of listing.body.items ?? []) idsOfA.add(item.id);
    }
    expect(idsOfA).toContain(accountA);
    expect(idsOfA).toContain(transactionA);
    expect(idsOfA).toContain(categoryA);

    const paths = securedGets();
    expect(paths).toEqual(expect.arrayContaining(["/accounts", "/transactions", "/categories", "/api-keys", "/me"]));
    for (const path of paths) {
      for (const token of [b.alex.accessToken, b.blair.accessToken, keyB.key]) {
        const reply = await call("GET", path, { token });
        expect([200, 403], `${path}`).toContain(reply.status);
        const text = JSON.stringify(reply.body);
        for (const id of idsOfA) expect(text, `${path} leaks ${id}`).not.toContain(id);
      }
    }
    // Filters naming A's rows find nothing rather than A's data.
    for (const qs of [`accountId=${accountA}`, `categoryId=${categoryA}`, "q=groceries"]) {
      const page = await call<Listed>("GET", `/transactions?${qs}`, { token: b.alex.accessToken });
      expect(page.body.items.map((t) => t.id)).not.toContain(transactionA);
    }
  });

  it("treats A's ids inside B's request bodies as ids that do not exist", async () => {
    const tokenB = b.alex.accessToken;
    const counts = await rowCounts(api);
    const pairs: [string, string, (id: string) => unknown, string][] = [
      [
        "POST",
        "/transactions",
        (id) => ({ accountId: id, date: "2026-03-01", amount: 1, description: "x" }),
        "unknown_account",
      ],
      [
        "POST",
        "/transactions",
        (id) => ({ accountId: accountB, date: "2026-03-01", amount: 1, description: "x", categoryId: id }),
        "unknown_category",
      ],
      ["PATCH", `/transactions/${transactionB}`, (id) => ({ categoryId: id }), "unknown_category"],
      ["POST", "/accounts", (id) => ({ name: "x", type: "cash", currency: "USD", ownerId: id }), "unknown_member"],
      ["PATCH", `/accounts/${accountB}`, (id) => ({ ownerId: id }), "unknown_member"],
      ["POST", "/categories", (id) => ({ name: "x", parentId: id }), "unknown_category"],
      ["PATCH", `/categories/${categoryB}`, (id) => ({ parentId: id }), "unknown_category"],
    ];
    const idOfA: Record<string, string> = {
      unknown_account: accountA,
      unknown_category: categoryA,
      unknown_member: a.alex.member.id,
    };
    for (const [method, path, body, code] of pairs) {
      const theirs = expectProblem(await call(method, path, { token: tokenB, body: body(idOfA[code]!) }), 422, code);
      const random = expectProblem(await call(method, path, { token: tokenB, body: body(randomUUID()) }), 422, code);
      expect(theirs.detail).toBe(random.detail);
    }
    const reassign = await call("DELETE", `/categories/${categoryB}?reassignTo=${categoryA}`, { token: tokenB });
    expectProblem(reassign, 422, "unknown_category");
    expect(await rowCounts(api)).toEqual(counts);
  });
});

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with responses on every operation", () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops));
    expect(operations.length).toBeGreaterThanOrEqual(20);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
      }
    }
  });

  it("declares security on every operation outside /auth, /health and Plaid's webhook", () => {
    const schemes = doc.components?.securitySchemes ?? {};
    expect(schemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths).toHaveProperty(["/plaid/webhook", "post"]);
    for (const [path, ops] of Object.entries(doc.paths)) {
      // Plaid cannot hold a bearer token: its webhook is verified by its signature instead.
      const open = path.startsWith("/auth/") || path === "/health" || path === "/plaid/webhook";
      for (const [method, op] of Object.entries(ops)) {
        if (open) continue;
        expect(op.security?.length, `${method} ${path}`).toBeGreaterThan(0);
        for (const requirement of op.security ?? []) {
          for (const name of Object.keys(requirement)) expect(schemes, `${method} ${path}`).toHaveProperty(name);
        }
      }
    }
  });

  it("documents errors as problem+json", () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          if (Number(status) < 400 || path === "/health") continue;
          expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual([
            "application/problem+json",
          ]);
        }
      }
    }
  });
});

describe("errors and request ids", () => {
  it("answers unknown routes with a route_not_found problem", async () => {
    for (const [method, path] of [
      ["GET", "/nope"],
      ["POST", "/nope"],
      ["PUT", "/accounts"],
      ["GET", "/accounts/x/y"],
    ] as const) {
      expectProblem(await call(method, path, { token: a.alex.accessToken }), 404, "route_not_found");
    }
  });

  it("echoes the caller's X-Request-Id, and makes one up otherwise", async () => {
    const reply = await call("GET", "/nope", { headers: { "x-request-id": "dashboard-42" } });
    expect(reply.headers.get("x-request-id")).toBe("dashboard-42");
    expect((reply.body as { requestId: string }).requestId).toBe("dashboard-42");
    const ok = await call("GET", "/health", { headers: { "x-request-id": "status-panel-7" } });
    expect(ok.headers.get("x-request-id")).toBe("status-panel-7");

    const generated = await call("GET", "/nope");
    expect(generated.headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
    const other = await call("GET", "/nope");
    expect(other.headers.get("x-request-id")).not.toBe(generated.headers.get("x-request-id"));
  });

  it("leaked no stack trace or file path in any reply of this file", () => {
    // call() asserts this on every reply; this only shows that it ran for all of them.
    expect(replies).toBeGreaterThan(150);
  });
});
