import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rows } from "../src/db/client";
import { createAccount, createHousehold, createTestApi, type TestApi } from "./harness";

// The monthly totals are kept by database triggers; after any mix of inserts, edits and
// deletes they must equal the same aggregate computed from the transactions afresh.
let api: TestApi;
let token: string;
let accountIds: string[];
let categoryIds: string[];

beforeAll(async () => {
  api = await createTestApi();
  const home = await createHousehold(api);
  token = home.alex.accessToken;
  accountIds = [(await createAccount(api, token)).id, (await createAccount(api, token, { name: "Card" })).id];
  const list = await api.request<{ items: { id: string }[] }>("GET", "/categories", { token });
  categoryIds = list.body.items.slice(0, 4).map((c) => c.id);
});
afterAll(() => api.close());

async function totalsAndTruth() {
  const key = `household_id, month, account_id, category_id, currency, pending, inflow`;
  const totals = rows<Record<string, unknown>>(
    await api.deps.db.execute(
      sql.raw(`select ${key}, amount::text, count from transaction_month_totals order by ${key}`),
    ),
  );
  const truth = rows<Record<string, unknown>>(
    await api.deps.db.execute(
      sql.raw(`select household_id, date_trunc('month', date::timestamp)::date as month, account_id, category_id,
                      currency, pending, amount > 0 as inflow, sum(amount)::text as amount, count(*)::int as count
                 from transactions group by 1, 2, 3, 4, 5, 6, 7 order by ${key}`),
    ),
  );
  return { totals, truth };
}

const op = fc.oneof(
  fc.record({
    kind: fc.constant("create" as const),
    account: fc.nat(1),
    day: fc.integer({ min: 0, max: 400 }),
    amount: fc.integer({ min: -50_000, max: 50_000 }),
    category: fc.option(fc.nat(3), { nil: null }),
    pending: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("update" as const),
    pick: fc.nat(),
    day: fc.integer({ min: 0, max: 400 }),
    amount: fc.integer({ min: -50_000, max: 50_000 }),
    category: fc.option(fc.nat(3), { nil: null }),
  }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
);

const dateOf = (day: number) => new Date(Date.UTC(2025, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);

describe("monthly totals", () => {
  it("equal a fresh aggregate after any mix of inserts, edits and deletes", async () => {
    const ids: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        for (const o of ops) {
          if (o.kind === "create") {
            const reply = await api.request<{ id: string }>("POST", "/transactions", {
              token,
              body: {
                accountId: accountIds[o.account],
                date: dateOf(o.day),
                amount: o.amount,
                description: "Generated",
                categoryId: o.category === null ? null : categoryIds[o.category],
                pending: o.pending,
              },
            });
            expect(reply.status).toBe(201);
            ids.push(reply.body.id);
          } else if (ids.length > 0) {
            const id = ids[o.pick % ids.length]!;
            if (o.kind === "update") {
              const body = {
                date: dateOf(o.day),
                amount: o.amount,
                categoryId: o.category === null ? null : categoryIds[o.category],
              };
              expect((await api.request("PATCH", `/transactions/${id}`, { token, body })).status).toBe(200);
            } else {
              expect((await api.request("DELETE", `/transactions/${id}`, { token })).status).toBe(204);
              ids.splice(ids.indexOf(id), 1);
            }
          }
        }
        const { totals, truth } = await totalsAndTruth();
        expect(totals).toEqual(truth);
      }),
      { numRuns: 15 },
    );
  });
});
