import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, rowCounts } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";

interface Rule {
  id: string;
  name: string;
  enabled: boolean;
  stage: string;
  priority: number;
  match: string;
  conditions: unknown[];
  actions: unknown[];
}
interface Tx {
  id: string;
  categoryId: string | null;
  categorySource: string | null;
  categorisedBy: string | null;
  merchant: string | null;
  notes: string | null;
  tags: string[];
  why?: Record<string, unknown> | null;
}

let api: TestApi;
afterAll(() => api.close());
beforeAll(async () => {
  api = await createTestApi();
});

/** A household of its own for each block, with its categories by name and one account. */
async function home() {
  const h = await createHousehold(api);
  const token = h.alex.accessToken;
  const categories = await api.request<{ items: { id: string; name: string }[] }>("GET", "/categories", { token });
  const cat = (name: string) => categories.body.items.find((c) => c.name === name)!.id;
  const account = await createAccount(api, token, { name: "Everyday" });
  const add = async (description: string, amount = -1_000, extra: Record<string, unknown> = {}) => {
    const reply = await api.request<Tx>("POST", "/transactions", {
      token,
      body: { accountId: account.id, date: "2026-03-05", amount, description, ...extra },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body.id;
  };
  const tx = async (id: string) => (await api.request<Tx>("GET", `/transactions/${id}`, { token })).body;
  const post = <T = Rule>(path: string, body: unknown) => api.request<T>("POST", path, { token, body });
  return { ...h, token, cat, account, add, tx, post };
}

const groceriesRule = (categoryId: string, over: Record<string, unknown> = {}) => ({
  name: "Tesco is groceries",
  conditions: [{ field: "description", op: "contains", value: "tesco" }],
  actions: [{ type: "setCategory", categoryId }],
  ...over,
});

describe("CRUD", () => {
  it("creates, reads, lists in run order, edits, disables and deletes a rule", async () => {
    const h = await home();
    const created = await h.post("/rules", groceriesRule(h.cat("Groceries")));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Tesco is groceries",
      enabled: true,
      stage: "normal",
      match: "all",
      priority: 0,
    });
    const late = await h.post("/rules", groceriesRule(h.cat("Restaurants"), { name: "late", stage: "last" }));
    const early = await h.post("/rules", groceriesRule(h.cat("Coffee"), { name: "early", stage: "first" }));
    expect(early.body.priority).toBe(2);

    const listed = await api.request<{ items: Rule[] }>("GET", "/rules", { token: h.token });
    expect(listed.body.items.map((r) => r.name)).toEqual(["early", "Tesco is groceries", "late"]);
    expect((await api.request<Rule>("GET", `/rules/${created.body.id}`, { token: h.token })).body).toEqual(
      created.body,
    );

    const patched = await api.request<Rule>("PATCH", `/rules/${created.body.id}`, {
      token: h.token,
      body: { enabled: false, match: "any", name: "Renamed" },
    });
    expect(patched.body).toMatchObject({ enabled: false, match: "any", name: "Renamed" });
    expect(patched.body.conditions).toEqual(created.body.conditions);
    expect((await api.request("PATCH", `/rules/${created.body.id}`, { token: h.token, body: {} })).status).toBe(200);

    expect((await api.request("DELETE", `/rules/${late.body.id}`, { token: h.token })).status).toBe(204);
    expectProblem(await api.request("GET", `/rules/${late.body.id}`, { token: h.token }), 404, "not_found");
    expectProblem(await api.request("DELETE", `/rules/${late.body.id}`, { token: h.token }), 404, "not_found");
  });

  it("reorders every rule at once; a partial or foreign list is refused", async () => {
    const h = await home();
    const ids: string[] = [];
    for (const name of ["a", "b", "c"])
      ids.push((await h.post("/rules", groceriesRule(h.cat("Groceries"), { name }))).body.id);
    const reordered = await h.post<{ items: Rule[] }>("/rules/reorder", { ids: [ids[2], ids[0], ids[1]] });
    expect(reordered.status).toBe(200);
    expect(reordered.body.items.map((r) => [r.name, r.priority])).toEqual([
      ["c", 0],
      ["a", 1],
      ["b", 2],
    ]);
    const other = await home();
    const theirs = (await other.post("/rules", groceriesRule(other.cat("Groceries")))).body.id;
    const before = await rowCounts(api);
    expectProblem(await h.post("/rules/reorder", { ids: [ids[0], ids[1]] }), 422, "incomplete_order");
    expectProblem(await h.post("/rules/reorder", { ids: [ids[0], ids[0], ids[1], ids[2]] }), 422, "incomplete_order");
    const problem = expectProblem(await h.post("/rules/reorder", { ids: [...ids, theirs] }), 422, "unknown_rule");
    expect(problem.errors).toEqual([{ path: "ids.3", message: "no such rule" }]);
    expect(await rowCounts(api)).toEqual(before);
  });

  it("is readable, not writable, with a read-only API key", async () => {
    const h = await home();
    await h.post("/rules", groceriesRule(h.cat("Groceries")));
    const key = (await h.post<{ key: string }>("/api-keys", { name: "loader" })).body.key;
    const listed = await api.request<{ items: Rule[] }>("GET", "/rules", { token: key });
    expect(listed.body.items).toHaveLength(1);
    expect((await api.request("GET", "/rules/suggestions", { token: key })).status).toBe(200);
    for (const [method, path] of [
      ["POST", "/rules"],
      ["POST", "/rules/apply"],
      ["POST", "/rules/preview"],
      ["PATCH", `/rules/${listed.body.items[0]!.id}`],
    ] as const) {
      expectProblem(await api.request(method, path, { token: key, body: {} }), 403, "read_only_key");
    }
  });
});

describe("validation: refused with a stable code, nothing written", () => {
  let h: Awaited<ReturnType<typeof home>>;
  let stranger: Awaited<ReturnType<typeof home>>;
  beforeAll(async () => {
    h = await home();
    stranger = await home();
  });

  it("refuses a pathological regex such as (a+)+$ with a clear 422", async () => {
    const before = await rowCounts(api);
    const problem = expectProblem(
      await h.post("/rules", {
        name: "bad",
        conditions: [
          { field: "merchant", op: "contains", value: "x" },
          { field: "description", op: "regex", value: "(a+)+$" },
        ],
        actions: [{ type: "addTags", tags: ["x"] }],
      }),
      422,
      "unsafe_regex",
    );
    expect(problem.errors).toEqual([{ path: "conditions.1.value", message: expect.stringMatching(/repeated group/) }]);
    expect(await rowCounts(api)).toEqual(before);
  });

  it("refuses an unsafe regex in an edit, and in a preview", async () => {
    const rule = (await h.post("/rules", groceriesRule(h.cat("Groceries")))).body;
    const bad = { conditions: [{ field: "description", op: "regex", value: "(x|xy)*z" }] };
    expectProblem(await api.request("PATCH", `/rules/${rule.id}`, { token: h.token, body: bad }), 422, "unsafe_regex");
    expect((await api.request<Rule>("GET", `/rules/${rule.id}`, { token: h.token })).body).toEqual(rule);
    const preview = expectProblem(await h.post("/rules/preview", { ruleId: rule.id, rule: bad }), 422, "unsafe_regex");
    expect(preview.errors?.[0]?.path).toBe("rule.conditions.0.value");
  });

  it.each([
    ["no conditions", { name: "x", conditions: [], actions: [{ type: "addTags", tags: ["a"] }] }],
    ["no actions", { name: "x", conditions: [{ field: "merchant", op: "is", value: "a" }], actions: [] }],
    [
      "an unknown field",
      {
        name: "x",
        conditions: [{ field: "payee", op: "is", value: "a" }],
        actions: [{ type: "addTags", tags: ["a"] }],
      },
    ],
    [
      "an operator the field lacks",
      {
        name: "x",
        conditions: [{ field: "amount", op: "contains", value: "1" }],
        actions: [{ type: "addTags", tags: ["a"] }],
      },
    ],
    [
      "a fractional amount",
      {
        name: "x",
        conditions: [{ field: "amount", op: "is", value: 1.5 }],
        actions: [{ type: "addTags", tags: ["a"] }],
      },
    ],
    [
      "a reversed range",
      {
        name: "x",
        conditions: [{ field: "amount", op: "between", value: { min: 9, max: 1 } }],
        actions: [{ type: "addTags", tags: ["a"] }],
      },
    ],
    [
      "a regex of 201 characters",
      {
        name: "x",
        conditions: [{ field: "merchant", op: "regex", value: "a".repeat(201) }],
        actions: [{ type: "addTags", tags: ["a"] }],
      },
    ],
    [
      "the same action twice",
      {
        name: "x",
        conditions: [{ field: "merchant", op: "is", value: "a" }],
        actions: [
          { type: "addTags", tags: ["a"] },
          { type: "addTags", tags: ["b"] },
        ],
      },
    ],
    [
      "an unknown stage",
      {
        name: "x",
        stage: "middle",
        conditions: [{ field: "merchant", op: "is", value: "a" }],
        actions: [{ type: "addTags", tags: ["a"] }],
      },
    ],
    [
      "a stated priority",
      {
        name: "x",
        priority: 3,
        conditions: [{ field: "merchant", op: "is", value: "a" }],
        actions: [{ type: "addTags", tags: ["a"] }],
      },
    ],
  ])("refuses %s", async (_, body) => {
    const before = await rowCounts(api);
    expectProblem(await h.post("/rules", body), 422, "validation_failed");
    expect(await rowCounts(api)).toEqual(before);
  });

  it("treats another household's category or account as one that does not exist", async () => {
    const before = await rowCounts(api);
    const theirs = expectProblem(
      await h.post("/rules", groceriesRule(stranger.cat("Groceries"))),
      422,
      "unknown_category",
    );
    const random = expectProblem(await h.post("/rules", groceriesRule(randomUUID())), 422, "unknown_category");
    expect(theirs.detail).toBe(random.detail);
    expect(theirs.errors).toEqual([{ path: "actions.0.categoryId", message: "no such category" }]);
    const byAccount = (id: string) =>
      groceriesRule(h.cat("Groceries"), { conditions: [{ field: "account", op: "oneOf", value: [h.account.id, id] }] });
    expectProblem(await h.post("/rules", byAccount(stranger.account.id)), 422, "unknown_account");
    expectProblem(await h.post("/rules/preview", { rule: byAccount(randomUUID()) }), 422, "unknown_account");
    expect(await rowCounts(api)).toEqual(before);
  });
});

describe("preview and apply", () => {
  it("previews what would change, capped with a total, and writes nothing", async () => {
    const h = await home();
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await h.add(`TESCO STORES ${i}`));
    await h.add("LIDL");
    const before = await rowCounts(api);
    const snapshot = await Promise.all(ids.map(h.tx));
    const preview = await h.post<{
      examined: number;
      matched: number;
      total: number;
      truncated: boolean;
      items: { transactionId: string; before: Tx; after: Tx }[];
    }>("/rules/preview", {
      rule: groceriesRule(h.cat("Groceries"), {
        actions: [
          { type: "setCategory", categoryId: h.cat("Groceries") },
          { type: "addTags", tags: ["food"] },
        ],
      }),
      limit: 2,
    });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ examined: 6, matched: 5, total: 5, truncated: true });
    expect(preview.body.items).toHaveLength(2);
    expect(preview.body.items[0]).toMatchObject({
      before: { categoryId: null, categorySource: null, tags: [] },
      after: { categoryId: h.cat("Groceries"), categorySource: "rule", tags: ["food"] },
    });
    expect(await rowCounts(api)).toEqual(before);
    expect(await Promise.all(ids.map(h.tx))).toEqual(snapshot);
  });

  it("previews an edit of an existing rule", async () => {
    const h = await home();
    await h.add("TESCO STORES");
    await h.add("Blue Bottle Coffee");
    const rule = (await h.post("/rules", groceriesRule(h.cat("Groceries")))).body;
    const preview = await h.post<{ total: number; items: { after: Tx }[] }>("/rules/preview", {
      ruleId: rule.id,
      rule: { conditions: [{ field: "description", op: "startsWith", value: "blue bottle" }] },
    });
    expect(preview.body.total).toBe(1);
    expect(preview.body.items[0]!.after.categoryId).toBe(h.cat("Groceries"));
    expectProblem(await h.post("/rules/preview", { ruleId: randomUUID() }), 404, "not_found");
    expectProblem(await h.post("/rules/preview", { rule: { name: "half" } }), 422, "validation_failed");
  });

  it("applies to history in one go, records why, and never overrides a member", async () => {
    const h = await home();
    const auto = await h.add("TESCO STORES 1", -4_200);
    const mine = await h.add("TESCO STORES 2", -1_500);
    const edited = await h.add("TESCO STORES 3", -900, { merchant: "Tesco Express", notes: "mine" });
    const other = await h.add("LIDL", -700);
    await api.request("PATCH", `/transactions/${mine}`, { token: h.token, body: { categoryId: h.cat("Household") } });
    await api.request("PATCH", `/transactions/${edited}`, {
      token: h.token,
      body: { notes: "my note", tags: ["keep"] },
    });

    const rule = (
      await h.post(
        "/rules",
        groceriesRule(h.cat("Groceries"), {
          actions: [
            { type: "setCategory", categoryId: h.cat("Groceries") },
            { type: "addTags", tags: ["food"] },
            { type: "appendNotes", notes: "via rule" },
          ],
        }),
      )
    ).body;
    const applied = await h.post("/rules/apply", {});
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({
      examined: 4,
      matched: 3,
      changed: 3,
      protected: 2,
      fields: { category: 2, tags: 2, notes: 2, merchant: 0 },
    });

    const autoTx = await h.tx(auto);
    expect(autoTx).toMatchObject({
      categoryId: h.cat("Groceries"),
      categorySource: "rule",
      categorisedBy: rule.id,
      tags: ["food"],
      notes: "via rule",
      why: { source: "rule", ruleId: rule.id, ruleName: rule.name },
    });
    const mineTx = await h.tx(mine);
    expect(mineTx).toMatchObject({
      categoryId: h.cat("Household"),
      categorySource: "member",
      categorisedBy: h.alex.member.id,
      why: { source: "member", memberId: h.alex.member.id, memberName: "Alex" },
    });
    expect(await h.tx(edited)).toMatchObject({ notes: "my note", tags: ["keep"], categoryId: h.cat("Groceries") });
    expect(await h.tx(other)).toMatchObject({ categoryId: null, why: null });

    // Again: nothing left to change.
    expect((await h.post("/rules/apply", {})).body).toMatchObject({ changed: 0 });

    // One rule by id, even a disabled one; the rule gone, the why keeps its id.
    const coffee = (
      await h.post("/rules", {
        name: "Lidl",
        enabled: false,
        conditions: [{ field: "description", op: "is", value: "lidl" }],
        actions: [{ type: "setCategory", categoryId: h.cat("Coffee") }],
      })
    ).body;
    expect((await h.post("/rules/apply", {})).body).toMatchObject({ changed: 0 });
    expect((await h.post("/rules/apply", { ruleId: coffee.id })).body).toMatchObject({ changed: 1 });
    await api.request("DELETE", `/rules/${coffee.id}`, { token: h.token });
    expect((await h.tx(other)).why).toEqual({ source: "rule", ruleId: coffee.id });
    expectProblem(await h.post("/rules/apply", { ruleId: coffee.id }), 404, "not_found");
  });

  it("runs on new rows through applyRulesToTransactions inside the caller's transaction", async () => {
    const { applyRulesToTransactions } = await import("../../rules/apply");
    const h = await home();
    const id = await h.add("UBER *TRIP", -2_300);
    await h.post("/rules", {
      name: "Uber",
      conditions: [{ field: "description", op: "regex", value: "^uber\\s*\\*" }],
      actions: [
        { type: "setCategory", categoryId: h.cat("Taxi") },
        { type: "renameMerchant", merchant: "Uber" },
      ],
    });
    const result = await api.deps.db.transaction((tx) => applyRulesToTransactions(tx, h.householdId, [id]));
    expect(result).toEqual({ changed: 1 });
    expect(await h.tx(id)).toMatchObject({ categoryId: h.cat("Taxi"), merchant: "Uber", categorySource: "rule" });
    // Another household's rows are out of reach.
    const stranger = await home();
    expect(await api.deps.db.transaction((tx) => applyRulesToTransactions(tx, stranger.householdId, [id]))).toEqual({
      changed: 0,
    });
  });
});

describe("suggestions", () => {
  it("suggests a rule after two re-categorisations of one merchant, until a rule covers it", async () => {
    const h = await home();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await h.add(`BLUE BOTTLE #${i}`, -450, { merchant: "Blue Bottle" }));
    const moveTo = (id: string, name: string) =>
      api.request("PATCH", `/transactions/${id}`, { token: h.token, body: { categoryId: h.cat(name) } });
    const suggestions = async () =>
      (
        await api.request<{ items: { merchant: string; categoryId: string; evidence: number; rule: unknown }[] }>(
          "GET",
          "/rules/suggestions",
          { token: h.token },
        )
      ).body.items;

    await moveTo(ids[0]!, "Coffee");
    expect(await suggestions()).toEqual([]);
    await moveTo(ids[1]!, "Coffee");
    const [suggestion] = await suggestions();
    expect(suggestion).toMatchObject({
      field: "merchant",
      merchant: "Blue Bottle",
      categoryId: h.cat("Coffee"),
      evidence: 2,
    });
    expect(await api.request("GET", "/rules", { token: h.token }).then((r) => (r.body as { items: [] }).items)).toEqual(
      [],
    );

    // Accepting it is creating the rule it proposes: then it is covered and gone.
    const created = await h.post("/rules", suggestion!.rule);
    expect(created.status).toBe(201);
    expect(await suggestions()).toEqual([]);
    await api.request("DELETE", `/rules/${created.body.id}`, { token: h.token });
    expect(await suggestions()).toHaveLength(1);

    // An edit undone no longer counts.
    await moveTo(ids[1]!, "Restaurants");
    expect(await suggestions()).toEqual([]);
  });

  it("does not bring back a dismissed suggestion", async () => {
    const h = await home();
    for (let i = 0; i < 2; i++) {
      const id = await h.add(`Corner Shop ${i}`);
      await api.request("PATCH", `/transactions/${id}`, { token: h.token, body: { categoryId: h.cat("Groceries") } });
    }
    // No merchant: the description is the evidence, each one different, so no suggestion.
    expect((await api.request<{ items: [] }>("GET", "/rules/suggestions", { token: h.token })).body.items).toEqual([]);
    for (let i = 0; i < 2; i++) {
      const id = await h.add("ACME HARDWARE");
      await api.request("PATCH", `/transactions/${id}`, { token: h.token, body: { categoryId: h.cat("Maintenance") } });
    }
    const listed = await api.request<{ items: { field: string; merchant: string; categoryId: string }[] }>(
      "GET",
      "/rules/suggestions",
      { token: h.token },
    );
    expect(listed.body.items).toMatchObject([{ field: "description", merchant: "ACME HARDWARE" }]);
    const dismiss = { merchant: "acme hardware", categoryId: h.cat("Maintenance") };
    expect((await h.post("/rules/suggestions/dismiss", dismiss)).status).toBe(204);
    expect((await h.post("/rules/suggestions/dismiss", dismiss)).status).toBe(204);
    expect((await api.request<{ items: [] }>("GET", "/rules/suggestions", { token: h.token })).body.items).toEqual([]);
    const other = await home();
    expectProblem(
      await h.post("/rules/suggestions/dismiss", { merchant: "x", categoryId: other.cat("Groceries") }),
      422,
      "unknown_category",
    );
  });
});

describe("tags on transactions", () => {
  it("are set by members, added by rules, and a member's tags are left alone", async () => {
    const h = await home();
    const id = await h.add("Hotel", -30_000, { tags: ["holiday", "Holiday", "trip"] });
    expect((await h.tx(id)).tags).toEqual(["holiday", "trip"]);
    await h.post("/rules", {
      name: "Hotels",
      conditions: [{ field: "description", op: "is", value: "hotel" }],
      actions: [{ type: "addTags", tags: ["travel"] }],
    });
    const fresh = await h.add("Hotel", -20_000);
    await h.post("/rules/apply", {});
    expect((await h.tx(fresh)).tags).toEqual(["travel"]);
    expect((await h.tx(id)).tags).toEqual(["holiday", "trip", "travel"]);
    await api.request("PATCH", `/transactions/${id}`, { token: h.token, body: { tags: [] } });
    await h.post("/rules/apply", {});
    expect((await h.tx(id)).tags).toEqual([]);
  });
});
