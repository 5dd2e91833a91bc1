import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, rowCounts } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";

interface Goal {
  id: string;
  currency: string;
  accountId: string | null;
  progress: { saved: number; remaining: number; percent: number; status: string; projectedCompletion: string | null };
}
interface Detail {
  goal: Goal;
  items: { transactionId: string; value: number }[];
}

let api: TestApi;
let token: string;
let checking: string;
let savings: string;
const tx: string[] = [];

beforeAll(async () => {
  api = await createTestApi();
  api.clock.set(new Date("2026-03-20T12:00:00Z"));
  const home = await createHousehold(api);
  token = home.alex.accessToken;
  checking = (await createAccount(api, token)).id;
  savings = (await createAccount(api, token, { name: "Savings", type: "savings" })).id;
  for (const [accountId, date, amount] of [
    [checking, "2026-01-05", -20_000],
    [savings, "2026-02-05", 20_000],
    [checking, "2026-03-05", -20_000],
  ] as const) {
    const reply = await api.request<{ id: string }>("POST", "/transactions", {
      token,
      body: { accountId, date, amount, description: "To savings" },
    });
    tx.push(reply.body.id);
  }
});
afterAll(() => api.close());

describe("goals", () => {
  let goal: Goal;

  it("creates with the account's currency and validates", async () => {
    const reply = await api.request<Goal>("POST", "/goals", {
      token,
      body: { name: "Holiday", targetAmount: 300_000, deadline: "2026-12-31", accountId: savings },
    });
    expect(reply.status).toBe(201);
    goal = reply.body;
    expect(goal).toMatchObject({ currency: "USD", accountId: savings, progress: { saved: 0, status: "behind" } });
    for (const body of [
      { name: "x", targetAmount: 0 },
      { name: "x", targetAmount: 10.5 },
      { name: "", targetAmount: 10 },
    ]) {
      expectProblem(await api.request("POST", "/goals", { token, body }), 422, "validation_failed");
    }
    const mismatch = { name: "x", targetAmount: 10, currency: "EUR", accountId: savings };
    expectProblem(await api.request("POST", "/goals", { token, body: mismatch }), 422, "currency_mismatch");
  });

  it("counts linked contributions and projects completion", async () => {
    const reply = await api.request<Detail>("POST", `/goals/${goal.id}/contributions`, {
      token,
      body: { transactionIds: tx },
    });
    expect(reply.status).toBe(200);
    // Transfers out of checking and the deposit into savings all count: 60,000 over Jan–Mar.
    expect(reply.body.items.map((i) => i.value)).toEqual([20_000, 20_000, 20_000]);
    expect(reply.body.goal.progress).toMatchObject({
      saved: 60_000,
      remaining: 240_000,
      percent: 20,
      projectedCompletion: "2027-03-20",
      status: "behind",
    });
    const again = await api.request<Detail>("POST", `/goals/${goal.id}/contributions`, {
      token,
      body: { transactionIds: [tx[0]] },
    });
    expect(again.body.items).toHaveLength(3);
  });

  it("refuses unknown transactions and double counting, writing nothing", async () => {
    const other = await api.request<Goal>("POST", "/goals", { token, body: { name: "Car", targetAmount: 1_000_000 } });
    const counts = await rowCounts(api);
    expectProblem(
      await api.request("POST", `/goals/${goal.id}/contributions`, { token, body: { transactionIds: [randomUUID()] } }),
      422,
      "unknown_transaction",
    );
    expectProblem(
      await api.request("POST", `/goals/${other.body.id}/contributions`, { token, body: { transactionIds: [tx[1]] } }),
      409,
      "already_linked",
    );
    expect(await rowCounts(api)).toEqual(counts);
  });

  it("unlinks, edits and deletes", async () => {
    const reply = await api.request<Detail>("POST", `/goals/${goal.id}/contributions/unlink`, {
      token,
      body: { transactionIds: [tx[2]] },
    });
    expect(reply.body.goal.progress.saved).toBe(40_000);
    const edited = await api.request<Goal>("PATCH", `/goals/${goal.id}`, { token, body: { targetAmount: 40_000 } });
    expect(edited.body.progress).toMatchObject({ status: "complete", percent: 100 });
    const listed = await api.request<{ items: Goal[] }>("GET", "/goals", { token });
    expect(listed.body.items.map((g) => g.id)).toContain(goal.id);
    expect((await api.request("DELETE", `/goals/${goal.id}`, { token })).status).toBe(204);
    expectProblem(await api.request("GET", `/goals/${goal.id}`, { token }), 404, "not_found");
    // The transactions stay.
    expect((await api.request("GET", `/transactions/${tx[0]}`, { token })).status).toBe(200);
  });
});
