import { eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";
import { transactions } from "../../db/schema";

let api: TestApi;
let home: Awaited<ReturnType<typeof createHousehold>>;
let token: string;
interface Acct {
  id: string;
  owner: string | null;
  currency: string;
  opening: number;
}
let accts: Acct[];
interface Cat {
  id: string;
  name: string;
  parentId: string | null;
  kind: "income" | "expense" | "transfer";
}
let cats: Cat[];

beforeAll(async () => {
  api = await createTestApi();
  home = await createHousehold(api);
  token = home.alex.accessToken;
  const alex = home.alex.member.id;
  const blair = home.blair.member.id;
  accts = [
    {
      id: (await createAccount(api, token, { name: "Alex", ownerId: alex, openingBalance: 10_000 })).id,
      owner: alex,
      currency: "USD",
      opening: 10_000,
    },
    {
      id: (await createAccount(api, token, { name: "Blair card", type: "credit", ownerId: blair })).id,
      owner: blair,
      currency: "USD",
      opening: 0,
    },
    {
      id: (await createAccount(api, token, { name: "Joint", openingBalance: 500 })).id,
      owner: null,
      currency: "USD",
      opening: 500,
    },
    {
      id: (await createAccount(api, token, { name: "Euro", currency: "EUR" })).id,
      owner: null,
      currency: "EUR",
      opening: 0,
    },
  ];
  cats = (await api.request<{ items: Cat[] }>("GET", "/categories", { token })).body.items;
});
afterAll(() => api.close());

interface Row {
  account: number;
  date: string;
  amount: number;
  category: number | null;
  pending: boolean;
  merchant: string | null;
}

const rowArb = fc.record({
  account: fc.nat(3),
  date: fc
    .date({ min: new Date("2025-01-01T00:00:00Z"), max: new Date("2026-06-30T00:00:00Z"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  amount: fc.integer({ min: -500_000, max: 500_000 }),
  category: fc.option(fc.nat(60), { nil: null }),
  pending: fc.boolean(),
  merchant: fc.option(fc.constantFrom("Acme", "Corner Grocer", "Fuel Co"), { nil: null }),
});

let batch = 0;
async function load(list: Row[]) {
  await api.deps.db.delete(transactions).where(eq(transactions.householdId, home.householdId));
  batch++;
  if (list.length === 0) return;
  await api.deps.db.insert(transactions).values(
    list.map((r, i) => ({
      householdId: home.householdId,
      accountId: accts[r.account]!.id,
      date: r.date,
      amount: r.amount,
      currency: accts[r.account]!.currency,
      description: `Row ${i % 7}`,
      merchant: r.merchant,
      categoryId: r.category === null ? null : (cats[r.category % cats.length]!.id ?? null),
      source: "manual" as const,
      sourceId: `p-${batch}-${i}`,
      pending: r.pending,
    })),
  );
}

function flow(r: Row): ["income" | "expense" | null, number] {
  const kind = r.category === null ? null : cats[r.category % cats.length]!.kind;
  if (kind === "transfer") return [null, 0];
  if (kind === "income") return ["income", r.amount];
  if (kind === "expense") return ["expense", -r.amount];
  return r.amount > 0 ? ["income", r.amount] : r.amount < 0 ? ["expense", -r.amount] : [null, 0];
}

const get = async <T>(path: string) => {
  const reply = await api.request<T>("GET", path, { token });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
};

describe("analytics totals equal the sum of the transactions they cover", () => {
  it("for random transactions and filters", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { maxLength: 40 }),
        fc.constantFrom<string | undefined>(undefined, "shared", "alex", "blair"),
        fc.boolean(),
        async (list, memberKey, includePending) => {
          await load(list);
          const from = "2025-03-01";
          const to = "2026-04-30";
          const member =
            memberKey === "alex" ? home.alex.member.id : memberKey === "blair" ? home.blair.member.id : memberKey;
          const qs = `from=${from}&to=${to}${member ? `&member=${member}` : ""}${includePending ? "&includePending=true" : ""}`;
          const inScope = (r: Row, upTo = to, start: string | null = from) => {
            const a = accts[r.account]!;
            if (a.currency !== "USD") return false;
            if (!includePending && r.pending) return false;
            if (member === "shared" ? a.owner !== null : member ? a.owner !== member : false) return false;
            return (start === null || r.date >= start) && r.date <= upTo;
          };
          const covered = list.filter((r) => inScope(r));
          let income = 0;
          let expense = 0;
          const byMonth = new Map<string, { income: number; expense: number }>();
          for (const r of covered) {
            const [f, v] = flow(r);
            if (!f) continue;
            if (f === "income") income += v;
            else expense += v;
            const m = byMonth.get(r.date.slice(0, 7)) ?? { income: 0, expense: 0 };
            m[f] += v;
            byMonth.set(r.date.slice(0, 7), m);
          }

          const ie = await get<{
            totals: { income: number; expense: number; net: number };
            months: { month: string; income: number; expense: number }[];
          }>(`/analytics/income-expense?${qs}`);
          expect(ie.totals).toEqual({ income, expense, net: income - expense });
          expect(ie.months).toHaveLength(14);
          for (const m of ie.months) {
            expect({ income: m.income, expense: m.expense }).toEqual(byMonth.get(m.month) ?? { income: 0, expense: 0 });
          }

          const sbc = await get<{
            total: number;
            items: { categoryId: string | null; amount: number; own: number; children: { amount: number }[] }[];
          }>(`/analytics/spending-by-category?${qs}`);
          expect(sbc.total).toBe(expense);
          expect(sbc.items.reduce((s, i) => s + i.amount, 0)).toBe(expense);
          for (const item of sbc.items) {
            expect(item.own + item.children.reduce((s, c) => s + c.amount, 0)).toBe(item.amount);
          }

          const top = await get<{ items: { amount: number }[] }>(`/analytics/top-merchants?${qs}&limit=100`);
          expect(top.items.reduce((s, i) => s + i.amount, 0)).toBe(expense);

          const sr = await get<{ total: { income: number; saved: number } }>(`/analytics/savings-rate?${qs}`);
          expect(sr.total).toMatchObject({ income, saved: income - expense });

          // Month-end balances: opening + every transaction (transfers too) up to the month's end.
          const bal = await get<{ months: string[]; accounts: { accountId: string; balances: number[] }[] }>(
            `/analytics/balances?${qs}`,
          );
          const nw = await get<{ months: { month: string; netWorth: number }[] }>(`/analytics/net-worth?${qs}`);
          const monthEnd = (m: string) => `${m}-31`;
          const scoped = accts.filter(
            (a) =>
              a.currency === "USD" && (member === "shared" ? a.owner === null : member ? a.owner === member : true),
          );
          expect(bal.accounts.map((a) => a.accountId).sort()).toEqual(scoped.map((a) => a.id).sort());
          bal.months.forEach((m, i) => {
            let total = 0;
            for (const a of scoped) {
              const expected =
                a.opening +
                list
                  .filter((r) => accts[r.account]!.id === a.id && inScope(r, monthEnd(m), null))
                  .reduce((s, r) => s + r.amount, 0);
              expect(bal.accounts.find((x) => x.accountId === a.id)!.balances[i]).toBe(expected);
              total += expected;
            }
            expect(nw.months[i]).toEqual({ month: m, netWorth: total });
          });
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe("reports", () => {
  it("rolls subcategories into their top-level category and compares months", async () => {
    const id = (name: string) => cats.find((c) => c.name === name)!.id;
    await load([]);
    const rows = [
      ["2025-03-10", -1_000, "Groceries"],
      ["2026-02-10", -2_000, "Groceries"],
      ["2026-03-05", -3_000, "Groceries"],
      ["2026-03-06", -500, "Restaurants"],
      ["2026-03-07", -250, "Food"],
      ["2026-03-08", -9_000, "Savings"],
    ] as const;
    await api.deps.db.insert(transactions).values(
      rows.map(([date, amount, name], i) => ({
        householdId: home.householdId,
        accountId: accts[0]!.id,
        date,
        amount,
        currency: "USD",
        description: name,
        categoryId: id(name),
        source: "manual" as const,
        sourceId: `r-${i}`,
      })),
    );
    const sbc = await get<{
      items: { categoryId: string; amount: number; own: number; children: { categoryId: string; amount: number }[] }[];
    }>("/analytics/spending-by-category?from=2026-03-01&to=2026-03-31");
    expect(sbc.items).toEqual([
      {
        categoryId: id("Food"),
        name: "Food",
        amount: 3_750,
        own: 250,
        children: [
          { categoryId: id("Groceries"), name: "Groceries", amount: 3_000 },
          { categoryId: id("Restaurants"), name: "Restaurants", amount: 500 },
        ],
      },
    ]);
    const trends = await get<{
      items: {
        categoryId: string;
        months: {
          month: string;
          amount: number;
          monthOverMonth: { change: number; percent: number };
          yearOverYear: { amount: number; percent: number };
        }[];
      }[];
    }>("/analytics/trends?from=2026-03-01&to=2026-03-31");
    expect(trends.items).toHaveLength(1);
    expect(trends.items[0]!.months).toEqual([
      {
        month: "2026-03",
        amount: 3_750,
        monthOverMonth: { amount: 2_000, change: 1_750, percent: 87.5 },
        yearOverYear: { amount: 1_000, change: 2_750, percent: 275 },
      },
    ]);
  });

  it("validates its filters", async () => {
    for (const qs of [
      "from=2026-02-30",
      "from=2026-03-02&to=2026-03-01",
      "member=nobody",
      "includePending=yes",
      "currency=usd",
      "accountId=x",
    ]) {
      expectProblem(await api.request("GET", `/analytics/income-expense?${qs}`, { token }), 422, "validation_failed");
    }
    expectProblem(await api.request("GET", "/analytics/top-merchants?limit=0", { token }), 422, "validation_failed");
    expectProblem(await api.request("GET", "/analytics/net-worth"), 401, "unauthorized");
  });
});
