import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createAccount,
  createHousehold,
  createTestApi,
  allPages as listAll,
  type TestApi,
} from "../../../test/harness";

interface Txn {
  id: string;
  accountId: string;
  merchant: string | null;
  description: string;
  categoryId: string | null;
  categorySource: string | null;
}

let api: TestApi;
let home: Awaited<ReturnType<typeof createHousehold>>;
let alexAccount: string;
let blairAccount: string;
let categoryIds: string[];
const ids: string[] = [];

const MERCHANTS = ["Corner Grocer", "corner grocer", "Apple", "Zebra Books", null, "Éclair Café"];

beforeAll(async () => {
  api = await createTestApi();
  home = await createHousehold(api);
  const token = home.alex.accessToken;
  alexAccount = (await createAccount(api, token, { name: "Alex's", ownerId: home.alex.member.id })).id;
  blairAccount = (await createAccount(api, token, { name: "Blair's", ownerId: home.blair.member.id })).id;
  const categories = await api.request<{ items: { id: string; name: string }[] }>("GET", "/categories", { token });
  categoryIds = categories.body.items.slice(0, 3).map((c) => c.id);
  for (let i = 0; i < 24; i++) {
    const reply = await api.request<Txn>("POST", "/transactions", {
      token,
      body: {
        accountId: i % 4 === 0 ? blairAccount : alexAccount,
        date: `2026-04-${String(1 + (i % 9)).padStart(2, "0")}`,
        amount: -100 - i,
        description: `Card payment ${i % 5}`,
        merchant: MERCHANTS[i % MERCHANTS.length],
        categoryId: i % 3 === 0 ? null : categoryIds[i % categoryIds.length],
      },
    });
    expect(reply.status).toBe(201);
    ids.push(reply.body.id);
  }
});
afterAll(() => api.close());

const allPages = (query: string, token = home.alex.accessToken) => listAll<Txn>(api, `/transactions?${query}`, token);

describe("sorting by merchant and by category", () => {
  // The database's collation decides the order; keyset pages must walk exactly that order.
  for (const sort of ["merchant", "category"]) {
    for (const order of ["asc", "desc"]) {
      it(`pages by ${sort} ${order} in the same order as one big page, each row once`, async () => {
        const paged = await allPages(`sort=${sort}&order=${order}&limit=5`);
        const whole = await allPages(`sort=${sort}&order=${order}&limit=100`);
        expect(paged.map((t) => t.id)).toEqual(whole.map((t) => t.id));
        expect(new Set(paged.map((t) => t.id)).size).toBe(24);
      });
    }
  }

  it("groups merchants case-blind and falls back to the description", async () => {
    const rows = await allPages("sort=merchant&order=asc&limit=100");
    const keys = rows.map((t) => (t.merchant ?? t.description).toLowerCase());
    const grocer = keys.flatMap((key, index) => (key === "corner grocer" ? [index] : []));
    expect(grocer.at(-1)! - grocer[0]!).toBe(grocer.length - 1);
  });

  it("puts uncategorised ones first in ascending category order", async () => {
    const rows = await allPages("sort=category&order=asc&limit=100");
    const firstCategorised = rows.findIndex((t) => t.categoryId !== null);
    expect(rows.slice(firstCategorised).every((t) => t.categoryId !== null)).toBe(true);
    expect(firstCategorised).toBe(rows.filter((t) => t.categoryId === null).length);
  });

  it("refuses a forged text cursor", async () => {
    const cursor = Buffer.from(JSON.stringify(["merchant", "asc", 12, ids[0]])).toString("base64url");
    const reply = await api.request("GET", `/transactions?sort=merchant&order=asc&cursor=${cursor}`, {
      token: home.alex.accessToken,
    });
    expect(reply.status).toBe(400);
  });
});

describe("filtering by member", () => {
  it("gives what the member paid: their own accounts, and transactions whose payer was set to them", async () => {
    const overridden = ids[1]!; // from Alex's account
    const patch = await api.request("PATCH", `/transactions/${overridden}`, {
      token: home.alex.accessToken,
      body: { payer: home.blair.member.id },
    });
    expect(patch.status).toBe(200);
    const blair = await allPages(`memberId=${home.blair.member.id}&limit=100`);
    const expected = (await allPages("limit=100"))
      .filter((t) => t.accountId === blairAccount || t.id === overridden)
      .map((t) => t.id);
    expect(blair.map((t) => t.id).sort()).toEqual(expected.sort());
    const alex = await allPages(`memberId=${home.alex.member.id}&limit=100`);
    expect(alex.some((t) => t.id === overridden)).toBe(false);
    expect(alex.length + blair.length).toBe(24);
  });
});

describe("POST /transactions/bulk-categorise", () => {
  it("sets one category on all of them as the member's choice, and again changes nothing", async () => {
    const chosen = ids.slice(0, 6);
    const body = { ids: chosen, categoryId: categoryIds[0] };
    const first = await api.request<{ updated: number }>("POST", "/transactions/bulk-categorise", {
      token: home.alex.accessToken,
      body,
    });
    expect(first.status).toBe(200);
    expect(first.body.updated).toBeGreaterThan(0);
    for (const id of chosen) {
      const row = await api.request<Txn>("GET", `/transactions/${id}`, { token: home.blair.accessToken });
      expect(row.body).toMatchObject({ categoryId: categoryIds[0], categorySource: "member" });
    }
    const again = await api.request<{ updated: number }>("POST", "/transactions/bulk-categorise", {
      token: home.alex.accessToken,
      body,
    });
    expect(again.body.updated).toBe(0);
  });

  it("changes nothing when one id is not the household's", async () => {
    const stranger = await createHousehold(api, "Elsewhere");
    const theirAccount = await createAccount(api, stranger.alex.accessToken);
    const theirs = await api.request<Txn>("POST", "/transactions", {
      token: stranger.alex.accessToken,
      body: { accountId: theirAccount.id, date: "2026-04-02", amount: -5, description: "Theirs" },
    });
    const before = await allPages("limit=100");
    const reply = await api.request<{ code: string; errors: { path: string }[] }>(
      "POST",
      "/transactions/bulk-categorise",
      { token: home.alex.accessToken, body: { ids: [ids[7], theirs.body.id], categoryId: categoryIds[1] } },
    );
    expect(reply.status).toBe(422);
    expect(reply.body.code).toBe("unknown_transactions");
    expect(reply.body.errors[0]!.path).toBe("ids");
    expect(await allPages("limit=100")).toEqual(before);
    const untouched = await api.request<Txn>("GET", `/transactions/${theirs.body.id}`, {
      token: stranger.alex.accessToken,
    });
    expect(untouched.body.categoryId).toBeNull();
  });

  it("refuses an unknown category and an empty or oversized list", async () => {
    const token = home.alex.accessToken;
    const unknown = await api.request("POST", "/transactions/bulk-categorise", {
      token,
      body: { ids: [ids[0]], categoryId: "00000000-0000-4000-8000-000000000000" },
    });
    expect(unknown.status).toBe(422);
    const empty = await api.request("POST", "/transactions/bulk-categorise", {
      token,
      body: { ids: [], categoryId: null },
    });
    expect(empty.status).toBe(422);
  });

  it("is evidence for a rule suggestion, like two single edits", async () => {
    const grocer = (await allPages("q=corner grocer&limit=100")).filter((t) => t.categoryId !== categoryIds[2]);
    expect(grocer.length).toBeGreaterThanOrEqual(2);
    await api.request("POST", "/transactions/bulk-categorise", {
      token: home.alex.accessToken,
      body: { ids: grocer.map((t) => t.id), categoryId: categoryIds[2] },
    });
    const suggestions = await api.request<{ items: { categoryId?: string }[] }>("GET", "/rules/suggestions", {
      token: home.alex.accessToken,
    });
    expect(JSON.stringify(suggestions.body)).toContain(categoryIds[2]!);
  });
});
