import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";
import { restoredId } from "../../imports/backup";

interface Backup {
  household: { id: string; name: string; baseCurrency: string };
  members: { id: string }[];
  exportedAt: string;
  tables: Record<string, Record<string, unknown>[]>;
}

let api: TestApi;
let home: Awaited<ReturnType<typeof createHousehold>>;
let token: string;
let checking: string;
let card: string;

beforeAll(async () => {
  api = await createTestApi();
  home = await createHousehold(api, "Export Home");
  token = home.alex.accessToken;
  checking = (await createAccount(api, token, { ownerId: home.blair.member.id })).id;
  card = (await createAccount(api, token, { name: "Card", type: "credit" })).id;
  const categories = await api.request<{ items: { id: string; name: string }[] }>("GET", "/categories", { token });
  const groceries = categories.body.items.find((c) => c.name === "Groceries")!;
  const child = await api.request<{ id: string }>("POST", "/categories", {
    token,
    body: { name: "Farmers market", parentId: groceries.id },
  });
  expect(child.status).toBe(201);
  const rows: [string, string, number, string, string | null][] = [
    [checking, "2026-03-01", -1234, 'Corner "Grocer", Main St', child.body.id],
    [checking, "2026-03-02", 250000, "Payroll", null],
    [card, "2026-03-03", -999, "=HYPERLINK(evil)", groceries.id],
    [card, "2026-03-04", -5, "Line\nbreak", null],
  ];
  for (const [accountId, date, amount, description, categoryId] of rows) {
    const reply = await api.request("POST", "/transactions", {
      token,
      body: { accountId, date, amount, description, categoryId, notes: "n" },
    });
    expect(reply.status).toBe(201);
  }
});
afterAll(() => api.close());

async function csv(query = "") {
  const response = await api.app.request(`/exports/transactions.csv${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
  return parse(await response.text(), { columns: true }) as Record<string, string>[];
}

describe("GET /exports/transactions.csv", () => {
  it("writes every transaction with decimal amounts and escaped text", async () => {
    const rows = await csv();
    expect(rows).toHaveLength(4);
    const grocer = rows.find((r) => r.description?.startsWith("Corner"))!;
    expect(grocer).toMatchObject({
      amount: "-12.34",
      currency: "USD",
      description: 'Corner "Grocer", Main St',
      category: "Farmers market",
      account: "Joint checking",
    });
    expect(rows.find((r) => r.amount === "2500.00")).toBeTruthy();
    expect(rows.find((r) => r.amount === "-0.05")?.description).toBe("Line\nbreak");
    expect(rows.find((r) => r.amount === "-9.99")?.description).toBe("'=HYPERLINK(evil)");
  });

  it("applies the same filters as GET /transactions", async () => {
    expect((await csv(`?accountId=${card}`)).map((r) => r.amount).sort()).toEqual(["-0.05", "-9.99"]);
    expect((await csv("?from=2026-03-02&to=2026-03-03")).length).toBe(2);
    expect((await csv("?q=payroll")).map((r) => r.amount)).toEqual(["2500.00"]);
    expect((await csv("?minAmount=0")).length).toBe(1);
    expectProblem(await api.request("GET", "/exports/transactions.csv?from=2026-02-30", { token }), 422);
  });
});

/** Export 1 with every id mapped as a restore into `householdId` maps it. */
function mapped(backup: Backup, householdId: string, members: Record<string, string>) {
  const ids = new Map<string, string>();
  for (const rows of Object.values(backup.tables)) {
    for (const row of rows) if (typeof row.id === "string") ids.set(row.id, restoredId(householdId, row.id));
  }
  for (const [from, to] of Object.entries(members)) ids.set(from, to);
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return ids.get(value) ?? value;
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.id).localeCompare(String(b.id));
  return Object.fromEntries(
    Object.entries(backup.tables).map(([name, rows]) => [name, (walk(rows) as Record<string, unknown>[]).sort(byId)]),
  );
}

describe("backup and restore", () => {
  it("round-trips the household losslessly into an empty one", async () => {
    const first = await api.request<Backup>("GET", "/exports/backup.json", { token });
    expect(first.status).toBe(200);
    const text = JSON.stringify(first.body);
    expect(text).not.toMatch(/password|argon2|token_hash|keyHash|accessToken/i);
    expect(first.body.tables.transactions).toHaveLength(4);
    expect(first.body.tables.accounts).toHaveLength(2);

    const other = await createHousehold(api, "Somewhere else");
    const restore = await api.request<{ tables: Record<string, number>; members: Record<string, string> }>(
      "POST",
      "/imports/backup",
      { token: other.alex.accessToken, body: first.body },
    );
    expect(restore.status).toBe(201);
    expect(restore.body.tables.transactions).toBe(4);

    const second = await api.request<Backup>("GET", "/exports/backup.json", { token: other.alex.accessToken });
    expect(second.body.household).toMatchObject({
      name: "Export Home",
      baseCurrency: first.body.household.baseCurrency,
    });
    const sortById = (rows: Record<string, unknown>[]) =>
      [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    const again = Object.fromEntries(Object.entries(second.body.tables).map(([name, rows]) => [name, sortById(rows)]));
    expect(again).toEqual(mapped(first.body, other.householdId, restore.body.members));

    // The restored household is no longer empty.
    const twice = await api.request("POST", "/imports/backup", { token: other.alex.accessToken, body: first.body });
    expectProblem(twice, 409, "household_not_empty");
  });

  it("refuses a backup into a household with data, and from a read-only key; a key may export", async () => {
    const backup = (await api.request<Backup>("GET", "/exports/backup.json", { token })).body;
    expectProblem(await api.request("POST", "/imports/backup", { token, body: backup }), 409, "household_not_empty");
    const key = (await api.request<{ key: string }>("POST", "/api-keys", { token, body: { name: "ro" } })).body.key;
    expect((await api.request("GET", "/exports/backup.json", { token: key })).status).toBe(200);
    expectProblem(await api.request("POST", "/imports/backup", { token: key, body: backup }), 403, "read_only_key");
    expectProblem(
      await api.request("POST", "/imports/backup", { token, body: { ...backup, format: "other" } }),
      422,
      "validation_failed",
    );
  });
});
