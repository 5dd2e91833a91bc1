import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, rowCounts } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";

interface Category {
  id: string;
  parentId: string | null;
  name: string;
  color: string;
  icon: string;
  kind: "income" | "expense" | "transfer";
}
interface Txn {
  id: string;
  categoryId: string | null;
  categorySource: string | null;
  categorisedBy: string | null;
}

let api: TestApi;
let token: string;
let accountId: string;

beforeAll(async () => {
  api = await createTestApi();
  token = (await createHousehold(api)).alex.accessToken;
  accountId = (await createAccount(api, token)).id;
});
afterAll(() => api.close());

const all = async () => (await api.request<{ items: Category[] }>("GET", "/categories", { token })).body.items;
const byName = async (name: string) => (await all()).find((c) => c.name === name)!;
const getCategory = (id: string) => api.request<Category>("GET", `/categories/${id}`, { token });
const patchCategory = (id: string, body: unknown) =>
  api.request<Category>("PATCH", `/categories/${id}`, { token, body });
const getTxn = async (id: string) => (await api.request<Txn>("GET", `/transactions/${id}`, { token })).body;

async function create(name: string, parentId: string | null = null, extra: Record<string, unknown> = {}) {
  const reply = await api.request<Category>("POST", "/categories", { token, body: { name, parentId, ...extra } });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

async function categorised(categoryId: string) {
  const reply = await api.request<Txn>("POST", "/transactions", {
    token,
    body: { accountId, date: "2026-03-03", amount: -700, description: "Tagged", categoryId },
  });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

describe("the tree", () => {
  it("lists parents before children", async () => {
    const items = await all();
    const firstChild = items.findIndex((c) => c.parentId !== null);
    expect(firstChild).toBeGreaterThan(0);
    expect(items.slice(firstChild).every((c) => c.parentId !== null)).toBe(true);
  });

  it("creates, reads, renames, recolours and moves categories", async () => {
    const top = await create("Garden");
    expect(top).toMatchObject({ parentId: null, name: "Garden", color: "#868e96", icon: "tag", kind: "expense" });
    const child = await create("Seeds", top.id);
    expect(child.parentId).toBe(top.id);
    expect((await getCategory(child.id)).body).toEqual(child);

    const renamed = await patchCategory(child.id, { name: "Plants", color: "#2F9E44", icon: "leaf" });
    expect(renamed.body).toMatchObject({ name: "Plants", color: "#2F9E44", icon: "leaf", parentId: top.id });

    const housing = await byName("Housing");
    expect((await patchCategory(child.id, { parentId: housing.id })).body.parentId).toBe(housing.id);
    expect((await patchCategory(child.id, { parentId: null })).body.parentId).toBeNull();
    expect((await patchCategory(child.id, {})).status).toBe(200);
    expect((await getCategory(child.id)).body).toMatchObject({ name: "Plants", parentId: null });
  });

  it("answers 404 for unknown ids and 422 for an unknown parent", async () => {
    expectProblem(await getCategory(randomUUID()), 404, "not_found");
    expectProblem(await patchCategory(randomUUID(), { name: "x" }), 404, "not_found");
    expectProblem(
      await api.request("POST", "/categories", { token, body: { name: "Orphan", parentId: randomUUID() } }),
      422,
      "unknown_category",
    );
  });

  it.each([
    ["a blank name", { name: " " }],
    ["a huge name", { name: "c".repeat(10_000) }],
    ["a bad colour", { name: "Red", color: "red" }],
    ["a huge icon", { name: "Icon", icon: "i".repeat(10_000) }],
    ["a malformed parent", { name: "Child", parentId: "food" }],
    ["an unknown field", { name: "Extra", householdId: randomUUID() }],
    ["an unknown kind", { name: "Kind", kind: "savings" }],
    ["a kind in capitals", { name: "Kind", kind: "INCOME" }],
    ["a null kind", { name: "Kind", kind: null }],
  ])("refuses %s and writes nothing", async (_, body) => {
    const before = await rowCounts(api);
    expectProblem(await api.request("POST", "/categories", { token, body }), 422, "validation_failed");
    expect(await rowCounts(api)).toEqual(before);
  });
});

describe("kinds", () => {
  it("default to the parent's kind, or expense at the top", async () => {
    const income = await byName("Income");
    expect(income.kind).toBe("income");
    expect((await create("Bonus", income.id)).kind).toBe("income");
    expect((await create("Side jobs")).kind).toBe("expense");
    const transfers = await byName("Transfers");
    const child = await create("To the joint account", transfers.id);
    expect(child.kind).toBe("transfer");
    expect((await create("Weekly", child.id)).kind).toBe("transfer");
  });

  it("may be chosen on create and changed on update, for that category only", async () => {
    const root = await create("Reimbursements", null, { kind: "income" });
    expect(root.kind).toBe("income");
    const child = await create("Work trips", root.id);
    expect(child.kind).toBe("income");
    expect((await create("Cash back", root.id, { kind: "expense" })).kind).toBe("expense");

    const changed = await patchCategory(root.id, { kind: "transfer" });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ kind: "transfer", name: "Reimbursements" });
    expect((await getCategory(child.id)).body.kind).toBe("income");

    // Moving keeps the kind; only an explicit kind changes it.
    const food = await byName("Food");
    expect((await patchCategory(child.id, { parentId: food.id })).body).toMatchObject({ kind: "income" });
    expect((await patchCategory(child.id, { parentId: null, kind: "expense" })).body).toMatchObject({
      parentId: null,
      kind: "expense",
    });
    expect((await getCategory(child.id)).body.kind).toBe("expense");
  });

  it("refuses an unknown kind on update and changes nothing", async () => {
    const food = await byName("Food");
    for (const kind of ["savings", "", null, 1]) {
      expectProblem(await patchCategory(food.id, { kind }), 422, "validation_failed");
    }
    expect((await getCategory(food.id)).body.kind).toBe("expense");
  });

  it("are listed with every category", async () => {
    const items = await all();
    expect(items.length).toBeGreaterThan(0);
    for (const category of items) expect(["income", "expense", "transfer"]).toContain(category.kind);
  });
});

describe("names", () => {
  it("are unique among siblings, top level included", async () => {
    const food = await byName("Food");
    const before = await rowCounts(api);
    expectProblem(await api.request("POST", "/categories", { token, body: { name: "Food" } }), 409, "category_exists");
    expectProblem(
      await api.request("POST", "/categories", { token, body: { name: "Groceries", parentId: food.id } }),
      409,
      "category_exists",
    );
    expect(await rowCounts(api)).toEqual(before);
    const coffee = await byName("Coffee");
    expectProblem(await patchCategory(coffee.id, { name: "Restaurants" }), 409, "category_exists");
    expect((await getCategory(coffee.id)).body.name).toBe("Coffee");
  });

  it("may repeat at different levels", async () => {
    const travel = await byName("Travel");
    expect((await create("Food", travel.id)).parentId).toBe(travel.id);
  });
});

describe("cycles", () => {
  it("are refused: not under itself, not under its own descendant", async () => {
    const a = await create("Cycle A");
    const b = await create("Cycle B", a.id);
    const c = await create("Cycle C", b.id);
    for (const parentId of [a.id, b.id, c.id]) {
      const problem = expectProblem(await patchCategory(a.id, { parentId }), 422, "category_cycle");
      expect(problem.errors?.[0]?.path).toBe("parentId");
    }
    expectProblem(await patchCategory(b.id, { parentId: c.id }), 422, "category_cycle");
    expect((await getCategory(a.id)).body.parentId).toBeNull();
    expect((await getCategory(b.id)).body.parentId).toBe(a.id);
    // Moving the other way round is fine.
    expect((await patchCategory(c.id, { parentId: a.id })).status).toBe(200);
  });
});

describe("deleting", () => {
  it("moves the transactions to reassignTo", async () => {
    const doomed = await create("Doomed reassign");
    const target = await byName("Groceries");
    const txns = [await categorised(doomed.id), await categorised(doomed.id)];
    const reply = await api.request("DELETE", `/categories/${doomed.id}?reassignTo=${target.id}`, { token });
    expect(reply.status).toBe(204);
    expectProblem(await getCategory(doomed.id), 404);
    for (const id of txns) expect((await getTxn(id)).categoryId).toBe(target.id);
  });

  it("uncategorises the transactions without reassignTo; they still exist", async () => {
    const doomed = await create("Doomed plain");
    const txns = [await categorised(doomed.id), await categorised(doomed.id)];
    const before = (await rowCounts(api)).transactions;
    expect((await api.request("DELETE", `/categories/${doomed.id}`, { token })).status).toBe(204);
    expect((await rowCounts(api)).transactions).toBe(before);
    for (const id of txns) {
      expect(await getTxn(id)).toMatchObject({ id, categoryId: null, categorySource: null, categorisedBy: null });
    }
  });

  it("moves the children up to the deleted category's parent", async () => {
    const grand = await create("Grandparent");
    const middle = await create("Middle", grand.id);
    const kids = [await create("Kid 1", middle.id), await create("Kid 2", middle.id)];
    const grandkid = await create("Grandkid", kids[0]!.id);
    expect((await api.request("DELETE", `/categories/${middle.id}`, { token })).status).toBe(204);
    for (const kid of kids) expect((await getCategory(kid.id)).body.parentId).toBe(grand.id);
    expect((await getCategory(grandkid.id)).body.parentId).toBe(kids[0]!.id);

    // A top-level category's children become top level.
    expect((await api.request("DELETE", `/categories/${grand.id}`, { token })).status).toBe(204);
    for (const kid of kids) expect((await getCategory(kid.id)).body.parentId).toBeNull();
  });

  it("changes nothing when a child would collide with a name at the new level", async () => {
    const outer = await create("Collide outer");
    await create("Same name", outer.id);
    const inner = await create("Collide inner", outer.id);
    const clash = await create("Same name", inner.id);
    const txn = await categorised(inner.id);
    expectProblem(await api.request("DELETE", `/categories/${inner.id}`, { token }), 409, "category_exists");
    expect((await getCategory(inner.id)).status).toBe(200);
    expect((await getCategory(clash.id)).body.parentId).toBe(inner.id);
    expect((await getTxn(txn)).categoryId).toBe(inner.id);
  });

  it("refuses a bad reassignTo and changes nothing", async () => {
    const doomed = await create("Doomed refused");
    const txn = await categorised(doomed.id);
    expectProblem(
      await api.request("DELETE", `/categories/${doomed.id}?reassignTo=${doomed.id}`, { token }),
      422,
      "invalid_reassign",
    );
    expectProblem(
      await api.request("DELETE", `/categories/${doomed.id}?reassignTo=${randomUUID()}`, { token }),
      422,
      "unknown_category",
    );
    expectProblem(
      await api.request("DELETE", `/categories/${doomed.id}?reassignTo=groceries`, { token }),
      422,
      "validation_failed",
    );
    expect((await getCategory(doomed.id)).status).toBe(200);
    expect((await getTxn(txn)).categoryId).toBe(doomed.id);
  });

  it("answers 404 for an unknown category", async () => {
    expectProblem(await api.request("DELETE", `/categories/${randomUUID()}`, { token }), 404, "not_found");
  });
});
