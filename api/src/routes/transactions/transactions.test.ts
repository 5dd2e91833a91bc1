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
  date: string;
  amount: number;
  categoryId: string | null;
  categorySource: string | null;
  categorisedBy: string | null;
}

let api: TestApi;
let token: string;
let memberId: string;
let accountId: string;
let otherAccountId: string;

beforeAll(async () => {
  api = await createTestApi();
  const home = await createHousehold(api);
  token = home.alex.accessToken;
  memberId = home.alex.member.id;
  accountId = (await createAccount(api, token)).id;
  otherAccountId = (await createAccount(api, token, { name: "Card", type: "credit" })).id;
  // 30 rows over 10 days, three per day, so pages cross equal sort keys.
  for (let i = 0; i < 30; i++) {
    const day = String(1 + (i % 10)).padStart(2, "0");
    const reply = await api.request("POST", "/transactions", {
      token,
      body: {
        accountId: i % 3 === 0 ? otherAccountId : accountId,
        date: `2026-03-${day}`,
        amount: -100 * (i + 1),
        description: i % 5 === 0 ? "Corner Grocer" : `Purchase ${i}`,
        sourceId: `seed-${i}`,
      },
    });
    expect(reply.status).toBe(201);
  }
});
afterAll(() => api.close());

const allPages = (query: string) => listAll<Txn>(api, `/transactions?${query}`, token);

describe("listing", () => {
  it("pages by keyset through every row exactly once, newest first", async () => {
    const rows = await allPages("limit=7");
    expect(rows).toHaveLength(30);
    expect(new Set(rows.map((r) => r.id)).size).toBe(30);
    const keys = rows.map((r) => `${r.date}|${r.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it("sorts by amount ascending across pages", async () => {
    const rows = await allPages("sort=amount&order=asc&limit=4");
    expect(rows.map((r) => r.amount)).toEqual([...rows.map((r) => r.amount)].sort((a, b) => a - b));
  });

  it("combines filters", async () => {
    const rows = await allPages(`accountId=${accountId}&from=2026-03-03&to=2026-03-06&minAmount=-2000&limit=2`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.date >= "2026-03-03" && row.date <= "2026-03-06").toBe(true);
      expect(row.amount).toBeGreaterThanOrEqual(-2000);
    }
    const text = await allPages("q=grocer");
    expect(text).toHaveLength(6);
  });

  it("treats LIKE wildcards in text search literally", async () => {
    expect(await allPages("q=%25")).toHaveLength(0);
  });

  it("refuses a cursor reused under a different sort", async () => {
    const first = await api.request<{ nextCursor: string | null }>("GET", "/transactions?limit=2", { token });
    const reply = await api.request<{ code: string }>(
      "GET",
      `/transactions?sort=amount&cursor=${first.body.nextCursor}`,
      { token },
    );
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe("invalid_cursor");
  });
});

describe("editing", () => {
  it("records the member as the reason for a category", async () => {
    const [txn] = (await api.request<{ items: Txn[] }>("GET", "/transactions?limit=1", { token })).body.items;
    const categories = await api.request<{ items: { id: string; name: string }[] }>("GET", "/categories", { token });
    const groceries = categories.body.items.find((c) => c.name === "Groceries")!;
    const reply = await api.request<Txn>("PATCH", `/transactions/${txn!.id}`, {
      token,
      body: { categoryId: groceries.id },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ categoryId: groceries.id, categorySource: "member", categorisedBy: memberId });
  });

  it("is idempotent by sourceId", async () => {
    const body = { accountId, date: "2026-04-01", amount: -999, description: "Retry me", sourceId: "retry-1" };
    const first = await api.request<Txn>("POST", "/transactions", { token, body });
    const second = await api.request<Txn>("POST", "/transactions", { token, body });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);
  });
});
