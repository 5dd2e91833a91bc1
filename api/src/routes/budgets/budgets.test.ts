import { randomUUID } from "node:crypto";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, rowCounts } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";
import { checkBudgetAlerts } from "../../budgets/status";
import { notifications } from "../../db/schema";

interface Budget {
  id: string;
  categoryId: string | null;
  amount: number;
  currency: string;
  period: string;
  startDate: string;
  endDate: string | null;
  rollover: boolean;
}
interface Status {
  budgetId: string;
  periodStart: string;
  periodEnd: string;
  budgeted: number;
  rolloverIn: number;
  available: number;
  spent: number;
  remaining: number;
  percent: number | null;
  projectedSpend: number;
  over: boolean;
  active: boolean;
}

let api: TestApi;
let home: Awaited<ReturnType<typeof createHousehold>>;
let other: Awaited<ReturnType<typeof createHousehold>>;
let token: string;
let accountId: string;
const cat: Record<string, string> = {};

async function spend(date: string, amount: number, category: string | null, extra: Record<string, unknown> = {}) {
  const reply = await api.request("POST", "/transactions", {
    token,
    body: {
      accountId,
      date,
      amount,
      description: `t ${date} ${amount}`,
      categoryId: category && cat[category],
      ...extra,
    },
  });
  expect(reply.status).toBe(201);
}

async function create(body: Record<string, unknown>, as = token) {
  return api.request<Budget>("POST", "/budgets", { token: as, body });
}

async function status(date: string) {
  const reply = await api.request<{ date: string; items: Status[] }>("GET", `/budgets/status?date=${date}`, { token });
  expect(reply.status).toBe(200);
  return reply.body;
}

beforeAll(async () => {
  api = await createTestApi();
  home = await createHousehold(api);
  other = await createHousehold(api, "Other");
  token = home.alex.accessToken;
  accountId = (await createAccount(api, token)).id;
  const list = await api.request<{ items: { id: string; name: string }[] }>("GET", "/categories", { token });
  for (const c of list.body.items) cat[c.name] = c.id;
});
afterAll(() => api.close());

describe("CRUD", () => {
  it("creates, reads, lists, updates and deletes", async () => {
    const created = await create({
      categoryId: cat.Travel,
      amount: 50_000,
      period: "quarterly",
      startDate: "2026-01-01",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ currency: "USD", rollover: false, endDate: null, period: "quarterly" });
    const id = created.body.id;
    expect((await api.request<Budget>("GET", `/budgets/${id}`, { token })).body.amount).toBe(50_000);
    const patched = await api.request<Budget>("PATCH", `/budgets/${id}`, {
      token,
      body: { amount: 60_000, rollover: true, endDate: "2026-12-31" },
    });
    expect(patched.body).toMatchObject({ amount: 60_000, rollover: true, endDate: "2026-12-31" });
    const listed = await api.request<{ items: Budget[] }>("GET", "/budgets", { token });
    expect(listed.body.items.map((b) => b.id)).toContain(id);
    expect((await api.request("DELETE", `/budgets/${id}`, { token })).status).toBe(204);
    expectProblem(await api.request("GET", `/budgets/${id}`, { token }), 404, "not_found");
  });

  it("reports a past month given as period=YYYY-MM as it stood on its last day", async () => {
    const created = await create({ categoryId: cat.Coffee, amount: 5_000, period: "monthly", startDate: "2024-01-01" });
    const byPeriod = await api.request<{ date: string; items: Status[] }>("GET", "/budgets/status?period=2024-02", {
      token,
    });
    expect(byPeriod.status).toBe(200);
    expect(byPeriod.body).toEqual(await status("2024-02-29"));
    expectProblem(await api.request("GET", "/budgets/status?period=2024-13", { token }), 422, "validation_failed");
    expectProblem(
      await api.request("GET", "/budgets/status?period=2024-02&date=2024-02-01", { token }),
      422,
      "validation_failed",
    );
    await api.request("DELETE", `/budgets/${created.body.id}`, { token });
  });

  it("refuses bad input with a stable code and writes nothing", async () => {
    const counts = await rowCounts(api);
    const base = { categoryId: cat.Groceries, amount: 10_000, period: "monthly", startDate: "2026-01-01" };
    expectProblem(await create({ ...base, amount: 0 }), 422, "validation_failed");
    expectProblem(await create({ ...base, amount: 12.5 }), 422, "validation_failed");
    expectProblem(await create({ ...base, period: "daily" }), 422, "validation_failed");
    expectProblem(await create({ ...base, startDate: "2026-02-30" }), 422, "validation_failed");
    expectProblem(await create({ ...base, endDate: "2025-12-31" }), 422, "validation_failed");
    expectProblem(await create({ ...base, householdId: other.householdId }), 422, "validation_failed");
    expectProblem(await create({ ...base, currency: "EUR" }), 422, "currency_mismatch");
    expectProblem(await create({ ...base, categoryId: randomUUID() }), 422, "unknown_category");
    expectProblem(await create({ ...base, categoryId: cat.Salary }), 422, "category_not_expense");
    expectProblem(await create({ ...base, categoryId: cat.Savings }), 422, "category_not_expense");
    const otherCategory = (
      await api.request<{ items: { id: string }[] }>("GET", "/categories", { token: other.alex.accessToken })
    ).body.items[0]!.id;
    expectProblem(await create({ ...base, categoryId: otherCategory }), 422, "unknown_category");
    const mine = await create(base);
    const after = await rowCounts(api);
    expectProblem(
      await api.request("PATCH", `/budgets/${mine.body.id}`, { token, body: { endDate: "2025-01-01" } }),
      422,
      "validation_failed",
    );
    expect(await rowCounts(api)).toEqual(after);
    expect(after.budgets).toBe(counts.budgets! + 1);
    await api.request("DELETE", `/budgets/${mine.body.id}`, { token });
  });

  it("hides one household's budgets from the other and lets API keys only read", async () => {
    const mine = await create({ amount: 1_000, period: "weekly", startDate: "2026-01-01" });
    const theirs = other.alex.accessToken;
    expectProblem(await api.request("GET", `/budgets/${mine.body.id}`, { token: theirs }), 404, "not_found");
    expectProblem(
      await api.request("PATCH", `/budgets/${mine.body.id}`, { token: theirs, body: { amount: 5 } }),
      404,
      "not_found",
    );
    expectProblem(await api.request("DELETE", `/budgets/${mine.body.id}`, { token: theirs }), 404, "not_found");
    expect((await api.request<{ items: Budget[] }>("GET", "/budgets", { token: theirs })).body.items).toEqual([]);
    const key = (await api.request<{ key: string }>("POST", "/api-keys", { token, body: { name: "read" } })).body.key;
    expect((await api.request("GET", "/budgets/status", { token: key })).status).toBe(200);
    expectProblem(await create({ amount: 1, period: "weekly", startDate: "2026-01-01" }, key), 403, "read_only_key");
    await api.request("DELETE", `/budgets/${mine.body.id}`, { token });
  });
});

describe("status and alerts", () => {
  let food: string;
  let overall: string;
  let weekly: string;

  beforeAll(async () => {
    food = (
      await create({ categoryId: cat.Food, amount: 10_000, period: "monthly", startDate: "2026-01-10", rollover: true })
    ).body.id;
    overall = (await create({ amount: 100_000, period: "monthly", startDate: "2026-03-01" })).body.id;
    weekly = (await create({ categoryId: cat.Coffee, amount: 2_000, period: "weekly", startDate: "2026-03-01" })).body
      .id;
    // January: 4,000 on food (in a subcategory); February: 12,000; March so far: 5,000 and a 500 refund.
    await spend("2026-01-20", -4_000, "Groceries");
    await spend("2026-02-03", -12_000, "Restaurants");
    await spend("2026-03-02", -3_000, "Food");
    await spend("2026-03-03", -2_500, "Coffee"); // Monday
    await spend("2026-03-04", 500, "Groceries");
    // Not spending: pending, a transfer, income, and another month.
    await spend("2026-03-05", -9_999, "Groceries", { pending: true });
    await spend("2026-03-05", -7_777, "Credit card payment");
    await spend("2026-03-05", 300_000, "Salary");
    await spend("2026-04-01", -1_111, "Groceries");
    // Uncategorised money out is spending for the overall budget; money in is not.
    await spend("2026-03-06", -1_000, null);
    await spend("2026-03-06", 2_000, null);
  });

  it("reports net posted spending of the category tree with rollover and projection", async () => {
    const body = await status("2026-03-10");
    expect(body.date).toBe("2026-03-10");
    const f = body.items.find((s) => s.budgetId === food)!;
    // Jan +6,000, Feb -2,000 carried: 4,000 into March; spent 3,000 + 2,500 - 500.
    expect(f).toMatchObject({
      periodStart: "2026-03-01",
      periodEnd: "2026-03-31",
      budgeted: 10_000,
      rolloverIn: 4_000,
      available: 14_000,
      spent: 5_000,
      remaining: 9_000,
      percent: 35.7,
      projectedSpend: 15_500, // 5,000 x 31 / 10
      over: false,
    });
    const o = body.items.find((s) => s.budgetId === overall)!;
    expect(o).toMatchObject({ spent: 6_000, rolloverIn: 0, available: 100_000 });
    const w = (await status("2026-03-05")).items.find((s) => s.budgetId === weekly)!;
    expect(w).toMatchObject({ periodStart: "2026-03-02", periodEnd: "2026-03-08", spent: 2_500, over: true });
  });

  it("raises each threshold once per budget and period, even when checked concurrently", async () => {
    const alertsFor = async (budgetId: string) =>
      api.deps.db
        .select({ key: notifications.dedupeKey, kind: notifications.kind })
        .from(notifications)
        .where(
          // Each member has their own copy; one member's rows show "once per event".
          and(
            eq(notifications.householdId, home.householdId),
            eq(notifications.userId, home.alex.member.id),
            like(notifications.dedupeKey, `budget:${budgetId}:%`),
          ),
        );
    await status("2026-03-10");
    await status("2026-03-10");
    await Promise.all([
      checkBudgetAlerts(api.deps.db, home.householdId, { date: "2026-03-08" }),
      checkBudgetAlerts(api.deps.db, home.householdId, { date: "2026-03-08" }),
      status("2026-03-09"),
    ]);
    const weeklyAlerts = await alertsFor(weekly);
    expect(weeklyAlerts.map((a) => a.key).sort()).toEqual([
      `budget:${weekly}:2026-03-02:100`,
      `budget:${weekly}:2026-03-02:80`,
    ]);
    expect(await alertsFor(food)).toEqual([]); // 35.7 %
    // Crossing 80 % later in the same period adds the 80 % alert only.
    await spend("2026-03-20", -7_000, "Groceries");
    await checkBudgetAlerts(api.deps.db, home.householdId, { date: "2026-03-20" });
    await checkBudgetAlerts(api.deps.db, home.householdId, { date: "2026-03-21" });
    expect((await alertsFor(food)).map((a) => a.key)).toEqual([`budget:${food}:2026-03-01:80`]);
    // A new week is a new period: its own alerts when crossed.
    await spend("2026-03-10", -2_000, "Coffee");
    await status("2026-03-10");
    expect(await alertsFor(weekly)).toHaveLength(4);
  });

  it("takes the date from the query, and today by default", async () => {
    api.clock.set(new Date("2026-03-15T12:00:00Z"));
    const body = (await api.request<{ date: string; items: Status[] }>("GET", "/budgets/status", { token })).body;
    expect(body.date).toBe("2026-03-15");
    expectProblem(await api.request("GET", "/budgets/status?date=2026-02-30", { token }), 422, "validation_failed");
    const before = body.items.find((s) => s.budgetId === overall)!;
    const early = (await status("2026-02-15")).items.find((s) => s.budgetId === overall)!;
    expect(early).toMatchObject({ active: false, budgeted: 0 });
    expect(before.active).toBe(true);
  });
});
