import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHousehold } from "../../../test/harness";
import {
  createPlaidTestApi,
  type LinkedBank,
  linkBank,
  type PlaidTestApi,
  sync,
  syncRunsOf,
} from "../../../test/plaid-harness";
import { transactions } from "../../db/schema";

let api: PlaidTestApi;
let home: Awaited<ReturnType<typeof createHousehold>>;
let bank: LinkedBank;
let cat: (name: string) => string;

beforeAll(async () => {
  api = await createPlaidTestApi();
  home = await createHousehold(api);
  bank = await linkBank(api, home.alex.accessToken, { transactions: 5 });
  const listed = await api.request<{ items: { id: string; name: string }[] }>("GET", "/categories", {
    token: home.alex.accessToken,
  });
  cat = (name) => listed.body.items.find((c) => c.name === name)!.id;
});
afterAll(() => api.close());

const emulatorItem = () => api.emulator.state.items.get(bank.plaidItemId)!;

async function rowByDescription(description: string) {
  const [row] = await api.deps.db
    .select()
    .from(transactions)
    .where(and(eq(transactions.householdId, home.householdId), eq(transactions.description, description)));
  return row!;
}

const lastRun = async () => (await syncRunsOf(api, bank.id)).sort((a, b) => +a.startedAt - +b.startedAt).at(-1)!;

describe("rules in the Plaid sync", () => {
  it("categorise a synced transaction over Plaid's guess; a member's edit then survives syncs and rules/apply", async () => {
    const token = home.alex.accessToken;
    const rule = await api.request<{ id: string; name: string }>("POST", "/rules", {
      token,
      body: {
        name: "Whole Foods is household shopping",
        conditions: [{ field: "merchant", op: "is", value: "whole foods" }],
        actions: [
          { type: "setCategory", categoryId: cat("Household") },
          { type: "addTags", tags: ["bulk"] },
        ],
      },
    });
    expect(rule.status).toBe(201);

    const today = api.emulator.state.today();
    api.emulator.state.addCustomTransactions(emulatorItem(), [
      {
        datePosted: today,
        dateTransacted: today,
        amountCents: 5_000,
        description: "WHOLEFDS MKT #10234",
        currency: "USD",
      },
    ]);
    await sync(api, bank.id);
    const synced = await rowByDescription("WHOLEFDS MKT #10234");
    expect(synced).toMatchObject({
      merchant: "Whole Foods",
      amount: -5_000,
      categoryId: cat("Household"),
      categorySource: "rule",
      categorisedBy: rule.body.id,
      plaidCategory: "FOOD_AND_DRINK_GROCERIES",
      tags: ["bulk"],
    });
    const detail = await api.request<{ why: unknown }>("GET", `/transactions/${synced.id}`, { token });
    expect(detail.body.why).toEqual({ source: "rule", ruleId: rule.body.id, ruleName: rule.body.name });

    // A sync with nothing new rewrites nothing: the rule's result is what the upsert compares against.
    await sync(api, bank.id, "manual");
    expect(await lastRun()).toMatchObject({ status: "success", added: 0, modified: 0 });

    // The member decides otherwise.
    const patched = await api.request("PATCH", `/transactions/${synced.id}`, {
      token,
      body: { categoryId: cat("Groceries") },
    });
    expect(patched.status).toBe(200);

    // The bank then corrects the amount: the bank's fields change, the member's category stays.
    const record = emulatorItem().ledger.live.get(synced.sourceId)!;
    emulatorItem().ledger.modify({ ...record, amountCents: 5_100 });
    await sync(api, bank.id, "manual");
    expect(await lastRun()).toMatchObject({ status: "success", modified: 1 });
    expect(await rowByDescription("WHOLEFDS MKT #10234")).toMatchObject({
      amount: -5_100,
      categoryId: cat("Groceries"),
      categorySource: "member",
      categorisedBy: home.alex.member.id,
      tags: ["bulk"],
    });

    // Re-running every rule over history leaves the member's choice alone too.
    const applied = await api.request<{ protected: number }>("POST", "/rules/apply", { token, body: {} });
    expect(applied.status).toBe(200);
    expect(applied.body.protected).toBeGreaterThanOrEqual(1);
    expect(await rowByDescription("WHOLEFDS MKT #10234")).toMatchObject({
      categoryId: cat("Groceries"),
      categorySource: "member",
    });
    const why = await api.request<{ why: unknown }>("GET", `/transactions/${synced.id}`, { token });
    expect(why.body.why).toEqual({ source: "member", memberId: home.alex.member.id, memberName: "Alex" });
  });

  it("records Plaid as the reason when no rule matches", async () => {
    const today = api.emulator.state.today();
    api.emulator.state.addCustomTransactions(emulatorItem(), [
      {
        datePosted: today,
        dateTransacted: today,
        amountCents: 2_000,
        description: "TRADER JOE S #552",
        currency: "USD",
      },
    ]);
    await sync(api, bank.id);
    const row = await rowByDescription("TRADER JOE S #552");
    expect(row).toMatchObject({ categoryId: cat("Groceries"), categorySource: "plaid", tags: [] });
    const detail = await api.request<{ why: unknown }>("GET", `/transactions/${row.id}`, {
      token: home.alex.accessToken,
    });
    expect(detail.body.why).toEqual({
      source: "plaid",
      plaidCategory: "FOOD_AND_DRINK_GROCERIES",
      plaidConfidence: "MEDIUM",
    });
  });
});
