import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";

interface Point {
  date: string;
  balance: number;
  recurring: number;
  budgets: number;
}
interface AccountForecast {
  accountId: string;
  startBalance: number;
  endBalance: number;
  lowest: { date: string; balance: number };
  points: Point[];
  items: { date: string; amount: number; label: string }[];
}
interface Forecast {
  today: string;
  days: number;
  accounts: AccountForecast[];
}

let api: TestApi;
let token: string;
let accountId: string;
let otherToken: string;

beforeAll(async () => {
  api = await createTestApi();
  api.clock.set(new Date("2026-03-20T12:00:00Z"));
  const home = await createHousehold(api);
  token = home.alex.accessToken;
  otherToken = (await createHousehold(api, "Other")).alex.accessToken;
  accountId = (await createAccount(api, token, { openingBalance: 200_000 })).id;
  for (const date of ["2025-12-25", "2026-01-25", "2026-02-25"]) {
    await api.request("POST", "/transactions", {
      token,
      body: { accountId, date, amount: 300_000, description: "ACME PAYROLL" },
    });
  }
  const series = await api.request<{ items: { id: string; merchant: string }[] }>("GET", "/recurring", { token });
  const payroll = series.body.items.find((s) => s.merchant === "ACME PAYROLL")!;
  await api.request("POST", `/recurring/${payroll.id}/confirm`, { token });
  await api.request("POST", "/recurring", {
    token,
    body: { accountId, amount: -1_000_000, description: "Rent", cadence: "monthly", startDate: "2026-04-01" },
  });
});
afterAll(() => api.close());

describe("GET /forecast", () => {
  it("projects today's balance with confirmed recurring items and templates", async () => {
    const reply = await api.request<Forecast>("GET", "/forecast?days=30", { token });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ today: "2026-03-20", days: 30 });
    const [account] = reply.body.accounts;
    expect(account!.startBalance).toBe(1_100_000);
    expect(account!.points).toHaveLength(30);
    expect(account!.points[0]!.date).toBe("2026-03-21");
    expect(account!.items.map((i) => [i.date, i.amount])).toEqual([
      ["2026-03-25", 300_000],
      ["2026-04-01", -1_000_000],
    ]);
    expect(account!.lowest).toEqual({ date: "2026-04-01", balance: 400_000 });
    expect(account!.endBalance).toBe(400_000);
    const onFirst = account!.points.find((p) => p.date === "2026-04-01")!;
    expect(onFirst).toMatchObject({ balance: 400_000, recurring: -1_000_000 });
  });

  it("spreads a budget's remaining spending over the rest of its period", async () => {
    const budget = await api.request("POST", "/budgets", {
      token,
      body: { amount: 110_000, period: "monthly", startDate: "2026-01-01" },
    });
    expect(budget.status).toBe(201);
    const reply = await api.request<Forecast>("GET", `/forecast?days=11&accountId=${accountId}`, { token });
    const [account] = reply.body.accounts;
    // March: 110,000 over the 11 days 21–31, 10,000 a day; April's 110,000 starts on the 1st
    // (less nothing: the rent template has no category).
    const march = account!.points.filter((p) => p.date <= "2026-03-31");
    expect(march.map((p) => p.budgets)).toEqual(new Array(11).fill(-10_000));
    expect(account!.lowest).toEqual({ date: "2026-03-24", balance: 1_060_000 });
  });

  it("validates, and keeps other households' accounts out", async () => {
    expectProblem(await api.request("GET", "/forecast?days=0", { token }), 422, "validation_failed");
    expectProblem(await api.request("GET", "/forecast?days=abc", { token }), 422, "validation_failed");
    expectProblem(
      await api.request("GET", `/forecast?accountId=${accountId}`, { token: otherToken }),
      404,
      "not_found",
    );
    const theirs = await api.request<Forecast>("GET", "/forecast", { token: otherToken });
    expect(theirs.body.accounts).toEqual([]);
  });
});
