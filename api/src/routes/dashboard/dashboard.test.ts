import { randomUUID } from "node:crypto";
import { type DashboardTransactionPage, deriveHouseholdSealKey } from "@tandem/shared";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";

type Page = DashboardTransactionPage;
interface Row {
  id: string;
  date: string;
  accountId: string;
  categoryId: string | null;
  payee: string;
  amount: number;
  currency: string;
  pending: boolean;
}

const COLUMN_NAMES = ["date", "accountId", "categoryId", "payee", "amount", "currency", "pending"] as const;

let api: TestApi;
let home: Awaited<ReturnType<typeof createHousehold>>;
let other: Awaited<ReturnType<typeof createHousehold>>;
let token: string;
let apiKey: string;
let expected: Row[];

/** Rows of a page, so they can be compared as rows; checks every column is as long. */
function rowsOf(page: Page): Omit<Row, "id">[] {
  const n = page.columns.date.length;
  for (const name of COLUMN_NAMES) expect(page.columns[name], name).toHaveLength(n);
  return Array.from({ length: n }, (_, i) => ({
    date: page.columns.date[i]!,
    accountId: page.columns.accountId[i]!,
    categoryId: page.columns.categoryId[i]!,
    payee: page.columns.payee[i]!,
    amount: page.columns.amount[i]!,
    currency: page.columns.currency[i]!,
    pending: page.columns.pending[i]!,
  }));
}

async function page(query: string, credential = token) {
  return api.request<Page>("GET", `/dashboard/transactions${query}`, { token: credential });
}

beforeAll(async () => {
  api = await createTestApi();
  home = await createHousehold(api);
  other = await createHousehold(api, "Other");
  token = home.alex.accessToken;
  apiKey = (await api.request<{ key: string }>("POST", "/api-keys", { token, body: { name: "loader" } })).body.key;

  const checking = await createAccount(api, token, { name: "Checking" });
  const card = await createAccount(api, token, { name: "Card", type: "credit", currency: "EUR" });
  const categories = (await api.request<{ items: { id: string; name: string }[] }>("GET", "/categories", { token }))
    .body.items;
  const groceries = categories.find((c) => c.name === "Groceries")!.id;
  // 23 transactions over a few dates, several on the same day, so pages split within a date.
  const created: Row[] = [];
  for (let i = 0; i < 23; i++) {
    const account = i % 3 === 0 ? card : checking;
    const body = {
      accountId: account.id,
      date: `2026-0${1 + (i % 4)}-${String(1 + (i % 2) * 14).padStart(2, "0")}`,
      amount: i % 5 === 0 ? 250_000 : -(100 + i),
      description: `Card payment ${i}`,
      merchant: i % 2 === 0 ? `Shop ${i}` : null,
      categoryId: i % 4 === 0 ? groceries : null,
      pending: i % 7 === 0,
    };
    const reply = await api.request<{ id: string }>("POST", "/transactions", { token, body });
    expect(reply.status).toBe(201);
    created.push({
      id: reply.body.id,
      date: body.date,
      accountId: account.id,
      categoryId: body.categoryId,
      payee: body.merchant ?? body.description,
      amount: body.amount,
      currency: account.currency,
      pending: body.pending,
    });
  }
  expected = created.sort((a, b) => (a.date === b.date ? (a.id < b.id ? -1 : 1) : a.date < b.date ? -1 : 1));

  // The other household's rows must never show up.
  const theirs = await createAccount(api, other.alex.accessToken, { name: "Theirs" });
  for (const date of ["2026-01-01", "2026-02-15", "2026-05-01"]) {
    await api.request("POST", "/transactions", {
      token: other.alex.accessToken,
      body: { accountId: theirs.id, date, amount: -1, description: "Not yours" },
    });
  }
});
afterAll(() => api.close());

describe("GET /dashboard/transactions", () => {
  it("pages through every row exactly once, ordered by date then id", async () => {
    const seen: Omit<Row, "id">[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const reply: Awaited<ReturnType<typeof page>> = await page(
        `?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      const rows = rowsOf(reply.body);
      expect(rows.length).toBe(reply.body.nextCursor ? 5 : 3);
      seen.push(...rows);
      cursor = reply.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(expected.map(({ id: _, ...row }) => row));
  });

  it("answers everything in one page by default, with the merchant or else the description as payee", async () => {
    const reply = await page("");
    expect(reply.status).toBe(200);
    expect(reply.body.nextCursor).toBeNull();
    const rows = rowsOf(reply.body);
    expect(rows).toHaveLength(23);
    expect(rows.map((r) => r.payee)).toContain("Shop 0");
    expect(rows.map((r) => r.payee)).toContain("Card payment 1");
    expect(new Set(rows.map((r) => r.currency))).toEqual(new Set(["USD", "EUR"]));
    for (const amount of rows.map((r) => r.amount)) expect(Number.isSafeInteger(amount)).toBe(true);
  });

  it("ends with a null cursor when the last page is exactly full", async () => {
    const first = await page("?limit=23");
    expect(rowsOf(first.body)).toHaveLength(23);
    expect(first.body.nextCursor).toBeNull();
    const split = await page("?limit=22");
    const rest = await page(`?limit=22&cursor=${split.body.nextCursor}`);
    expect(rowsOf(rest.body)).toHaveLength(1);
    expect(rest.body.nextCursor).toBeNull();
  });

  it("is readable with a read-only API key, the dashboard build's credential", async () => {
    const viaKey = await page("", apiKey);
    expect(viaKey.status).toBe(200);
    expect(viaKey.body).toEqual((await page("")).body);
  });

  it("shows each household only its own transactions", async () => {
    const theirs = await page("", other.alex.accessToken);
    expect(rowsOf(theirs.body).map((r) => r.payee)).toEqual(["Not yours", "Not yours", "Not yours"]);
    const text = JSON.stringify((await page("")).body);
    expect(text).not.toContain("Not yours");
    // A's cursor used by B seeks within B's rows only.
    const cursorOfA = (await page("?limit=1")).body.nextCursor!;
    const fromThere = await page(`?cursor=${cursorOfA}`, other.alex.accessToken);
    expect(fromThere.status).toBe(200);
    expect(rowsOf(fromThere.body).every((r) => r.payee === "Not yours")).toBe(true);
  });

  it("refuses a cursor it did not issue with 400 invalid_cursor", async () => {
    const forged = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString("base64url");
    const id = randomUUID();
    for (const cursor of [
      "bm90LWEtY3Vyc29y",
      forged(["date", "asc", "2026-02-30", id]),
      forged(["date", "asc", "not-a-date", id]),
      forged(["date", "desc", "2026-01-01", id]),
      forged(["amount", "asc", 5, id]),
      forged(["date", "asc", "2026-01-01", "not-a-uuid"]),
    ]) {
      const problem = expectProblem(await page(`?cursor=${cursor}`), 400, "invalid_cursor");
      expect(problem.errors?.[0]?.path).toBe("cursor");
    }
  });

  it.each(["0", "-1", "10001", "1.5", "abc", ""])("refuses limit=%s with 422", async (limit) => {
    expectProblem(await page(`?limit=${limit}`), 422, "validation_failed");
  });

  it("needs credentials", async () => {
    expectProblem(await api.request("GET", "/dashboard/transactions"), 401, "unauthorized");
  });

  it("uses the (household_id, date, id) index rather than sorting the table", async () => {
    // A household of its own with enough rows that a sequential scan and sort is not
    // trivially cheapest; analysed so the planner knows.
    const bulk = await createHousehold(api, "Bulk");
    const accountId = (await createAccount(api, bulk.alex.accessToken, { name: "Bulk" })).id;
    await api.deps.db.execute(sql`
      insert into transactions (household_id, account_id, date, amount, currency, description, source, source_id)
      select ${bulk.householdId}, ${accountId}, date '2020-01-01' + (g % 2000), -g, 'USD', 'Bulk ' || g, 'manual', 'bulk-' || g
      from generate_series(1, 20000) as g`);
    await api.deps.db.execute(sql`analyze transactions`);
    const plan = JSON.stringify(
      await api.deps.db.execute(sql`explain select id, date, account_id, category_id, coalesce(merchant, description), amount, currency, pending
        from transactions where household_id = ${bulk.householdId} and (date, id) > ('2021-01-01'::date, ${randomUUID()}::uuid)
        order by date, id limit 5001`),
    );
    expect(plan).toContain("transactions_date_idx");
    expect(plan).not.toMatch(/Sort\b/);
    const pages = await page("?limit=10000", bulk.alex.accessToken);
    expect(rowsOf(pages.body)).toHaveLength(10_000);
    expect(pages.body.nextCursor).not.toBeNull();
  });
});

describe("GET /dashboard/key", () => {
  it("gives a member the household's key, derived from DASHBOARD_SEAL_KEY, never cached", async () => {
    const reply = await api.request<{ key: string; householdId: string; algorithm: string }>("GET", "/dashboard/key", {
      token,
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("cache-control")).toBe("no-store");
    expect(reply.body).toEqual({
      key: await deriveHouseholdSealKey(api.deps.config.dashboardSealKey!, home.householdId),
      householdId: home.householdId,
      algorithm: "A256GCM",
    });
    expect(Buffer.from(reply.body.key, "base64")).toHaveLength(32);

    // Both members get the same key; another household gets another.
    const partner = await api.request<{ key: string }>("GET", "/dashboard/key", { token: home.blair.accessToken });
    expect(partner.body.key).toBe(reply.body.key);
    const theirs = await api.request<{ key: string; householdId: string }>("GET", "/dashboard/key", {
      token: other.alex.accessToken,
    });
    expect(theirs.body.householdId).toBe(other.householdId);
    expect(theirs.body.key).not.toBe(reply.body.key);
  });

  it("is refused to API keys", async () => {
    const problem = expectProblem(
      await api.request("GET", "/dashboard/key", { token: apiKey }),
      403,
      "member_required",
    );
    expect(JSON.stringify(problem)).not.toContain(apiKey);
    expectProblem(await api.request("GET", "/dashboard/key"), 401, "unauthorized");
  });

  it("answers 503 dashboard_not_configured without DASHBOARD_SEAL_KEY", async () => {
    const bare = await createTestApi({ dashboardSealKey: null });
    try {
      const { alex } = await createHousehold(bare);
      expectProblem(
        await bare.request("GET", "/dashboard/key", { token: alex.accessToken }),
        503,
        "dashboard_not_configured",
      );
      // The data itself is still readable.
      expect((await bare.request("GET", "/dashboard/transactions", { token: alex.accessToken })).status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});
