import type { PlaidApi } from "plaid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlaidEmulator, type RunningPlaidEmulator, startPlaidEmulator, type Truth } from "./index";
import { apply, control, plaidClient, plaidFailure, type Store, sortById, syncUpdate } from "./test-support";

let emulator: RunningPlaidEmulator;
let plaid: PlaidApi;

beforeAll(async () => {
  emulator = await startPlaidEmulator({ port: 0, seed: 21 });
  plaid = plaidClient(emulator.url);
});

afterAll(async () => {
  await emulator.close();
});

interface CreatedItem {
  item_id: string;
  access_token: string;
  transactions: number;
}

const newItem = (body: Record<string, unknown> = {}) => control<CreatedItem>(emulator.url, "/items", body);
const truthOf = (itemId: string) => control<Truth>(emulator.url, `/items/${itemId}/truth`);

function expectMatchesTruth(store: Store, truth: Truth) {
  expect(store.size).toBe(truth.transactions.length);
  expect(sortById(store.values())).toEqual(sortById(truth.transactions));
}

/** Balances are derived from the transactions: opening = current ± sum of posted amounts never moves. */
function openingBalances(truth: Truth): Record<string, number> {
  const opening: Record<string, number> = {};
  for (const account of truth.accounts) {
    const postedCents = truth.transactions
      .filter((t) => t.account_id === account.account_id && !t.pending)
      .reduce((sum, t) => sum + Math.round(t.amount * 100), 0);
    const current = Math.round((account.balances.current ?? 0) * 100);
    opening[account.account_id] = account.type === "credit" ? current - postedCents : current + postedCents;
  }
  return opening;
}

describe("/transactions/sync", () => {
  it("pages the full history with count 500 and ends equal to the truth", async () => {
    const item = await newItem({ days: 365, seed: 5 });
    const first = await plaid.transactionsSync({ access_token: item.access_token, count: 500 });
    expect(first.data.transactions_update_status).toBe("HISTORICAL_UPDATE_COMPLETE");
    expect(first.data.accounts.length).toBeGreaterThanOrEqual(2);
    expect(first.data.has_more).toBe(true);
    expect(first.data.added).toHaveLength(500);

    const run = await syncUpdate(plaid, item.access_token, "", 500);
    expect(run.pages).toBe(Math.ceil(item.transactions / 500));
    expect(run.modified).toHaveLength(0);
    expect(run.removed).toHaveLength(0);
    const truth = await truthOf(item.item_id);
    expectMatchesTruth(apply(new Map(), run), truth);

    // Nothing new: same cursor back, nothing to apply.
    const idle = await plaid.transactionsSync({ access_token: item.access_token, cursor: run.cursor });
    expect(idle.data).toMatchObject({ added: [], modified: [], removed: [], has_more: false, next_cursor: run.cursor });
  });

  it("returns realistic, Plaid-shaped transactions", async () => {
    const item = await newItem({ seed: 9, accounts: ["checking", "savings", "credit card"] });
    const { added } = await syncUpdate(plaid, item.access_token, "");
    const categories = new Set(added.map((t) => t.personal_finance_category?.detailed));
    for (const expected of [
      "INCOME_WAGES",
      "RENT_AND_UTILITIES_RENT",
      "FOOD_AND_DRINK_GROCERIES",
      "TRANSFER_OUT_SAVINGS",
      "TRANSFER_IN_SAVINGS",
      "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT",
    ]) {
      expect(categories).toContain(expected);
    }
    expect(added.some((t) => t.pending)).toBe(true);
    // Plaid's sign: income and refunds are negative (money in), spending positive.
    expect(
      added.filter((t) => t.personal_finance_category?.detailed === "INCOME_WAGES").every((t) => t.amount < 0),
    ).toBe(true);
    expect(
      added.filter((t) => t.personal_finance_category?.primary === "FOOD_AND_DRINK").every((t) => t.amount > 0),
    ).toBe(true);
    const grocery = added.find((t) => t.personal_finance_category?.detailed === "FOOD_AND_DRINK_GROCERIES")!;
    expect(grocery).toMatchObject({
      iso_currency_code: "USD",
      payment_channel: "in store",
      merchant_name: expect.any(String),
      personal_finance_category: { primary: "FOOD_AND_DRINK", confidence_level: expect.any(String) },
      pending_transaction_id: null,
    });
    expect(grocery.transaction_id).toHaveLength(37);
    expect(Number.isInteger(Math.round(grocery.amount * 100))).toBe(true);
  });

  it("applies advanced time incrementally: added, modified, removed, pending → posted", async () => {
    const item = await newItem({ seed: 77, accounts: ["checking", "credit card"] });
    const store: Store = new Map();
    const initial = await syncUpdate(plaid, item.access_token, "", 250);
    apply(store, initial);
    const before = await truthOf(item.item_id);
    const pendingBefore = new Set(before.transactions.filter((t) => t.pending).map((t) => t.transaction_id));
    expect(pendingBefore.size).toBeGreaterThan(0);

    const advanced = await control<{ items: { added: number; modified: number; removed: number }[] }>(
      emulator.url,
      "/advance",
      { items: [item.item_id], days: 4 },
    );
    expect(advanced.items[0]!.added).toBeGreaterThan(0);

    const update = await syncUpdate(plaid, item.access_token, initial.cursor, 100);
    expect(update.added.length).toBeGreaterThan(0);
    expect(update.modified.length).toBeGreaterThan(0);
    expect(update.removed.length).toBeGreaterThan(0);
    // A pending transaction that posted: the posted one is new, points at the pending one,
    // and the pending one is removed in the same update.
    const removedIds = new Set(update.removed.map((r) => r.transaction_id));
    const posted = update.added.filter((t) => t.pending_transaction_id && pendingBefore.has(t.pending_transaction_id));
    expect(posted.length).toBeGreaterThan(0);
    for (const t of posted) {
      expect(t.pending).toBe(false);
      expect(removedIds.has(t.pending_transaction_id!)).toBe(true);
      expect(store.get(t.pending_transaction_id!)?.pending).toBe(true);
    }

    const after = await truthOf(item.item_id);
    expectMatchesTruth(apply(store, update), after);
    expect(openingBalances(after)).toEqual(openingBalances(before));
  });

  it("hands out net changes only: a client that missed several advances catches up in one update", async () => {
    const item = await newItem({ seed: 3 });
    const initial = await syncUpdate(plaid, item.access_token, "");
    const store = apply(new Map(), initial);
    for (let i = 0; i < 3; i++) await control(emulator.url, "/advance", { items: [item.item_id], days: 2 });
    const update = await syncUpdate(plaid, item.access_token, initial.cursor, 37);
    // Each transaction appears at most once per update, in its latest version.
    const ids = [...update.added, ...update.modified, ...update.removed].map((t) => t.transaction_id);
    expect(new Set(ids).size).toBe(ids.length);
    expectMatchesTruth(apply(store, update), await truthOf(item.item_id));
  });

  it("adds /sandbox/transactions/create transactions to the Item", async () => {
    const item = await newItem({ seed: 4 });
    const { cursor } = await syncUpdate(plaid, item.access_token, "");
    const today = (await control<{ today: string }>(emulator.url, "/clock")).today;
    await plaid.sandboxTransactionsCreate({
      access_token: item.access_token,
      transactions: [
        { date_transacted: today, date_posted: today, amount: 12.34, description: "Corner Bakery" },
        { date_transacted: today, date_posted: today, amount: -50, description: "Venmo cashout" },
      ],
    });
    const update = await syncUpdate(plaid, item.access_token, cursor);
    expect(update.added.map((t) => [t.name, t.amount])).toEqual([
      ["Corner Bakery", 12.34],
      ["Venmo cashout", -50],
    ]);
    const tooOld = await plaidFailure(
      plaid.sandboxTransactionsCreate({
        access_token: item.access_token,
        transactions: [{ date_transacted: "2001-01-01", date_posted: "2001-01-02", amount: 1, description: "x" }],
      }),
    );
    expect(tooOld.data).toMatchObject({ error_code: "INVALID_FIELD" });
  });

  it("filters by options.account_id and binds cursors to their Item", async () => {
    const a = await newItem({ seed: 6 });
    const b = await newItem({ seed: 6 });
    const truth = await truthOf(a.item_id);
    const checking = truth.accounts.find((acc) => acc.subtype === "checking")!;
    const { data } = await plaid.transactionsSync({
      access_token: a.access_token,
      count: 500,
      options: { account_id: checking.account_id },
    });
    expect(data.added.length).toBe(truth.transactions.filter((t) => t.account_id === checking.account_id).length);
    expect(data.accounts.map((acc) => acc.account_id)).toEqual([checking.account_id]);

    const { data: page } = await plaid.transactionsSync({ access_token: a.access_token, count: 10 });
    const foreign = await plaidFailure(
      plaid.transactionsSync({ access_token: b.access_token, cursor: page.next_cursor }),
    );
    expect(foreign.data).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD" });
    // Same seed, same data (amounts, dates, merchants); ids stay unique per Item.
    const truthB = await truthOf(b.item_id);
    const shape = (t: Truth) => t.transactions.map((x) => [x.date, x.amount, x.name]).sort();
    expect(shape(truthB)).toEqual(shape(truth));
    expect(truthB.transactions[0]!.transaction_id).not.toBe(truth.transactions[0]!.transaction_id);
  });
});

describe("determinism", () => {
  it("replays the same Items from the same seed", () => {
    const now = () => new Date("2025-03-15T12:00:00Z");
    const one = createPlaidEmulator({ seed: 99, now });
    const two = createPlaidEmulator({ seed: 99, now });
    const a = one.createItem();
    const b = two.createItem();
    one.advance(5);
    two.advance(5);
    expect(one.truth(a.itemId)).toEqual(two.truth(b.itemId));
    const dates = one.truth(a.itemId).transactions.map((t) => t.date);
    expect(dates.every((d) => d <= "2025-03-20" && d >= "2024-12-15")).toBe(true);
  });
});
