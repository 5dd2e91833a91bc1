import { categoryNameForPlaid } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHousehold } from "../../../test/harness";
import {
  control,
  createPlaidTestApi,
  expectMatchesTruth,
  type LinkedBank,
  linkBank,
  type PlaidTestApi,
  sync,
  syncedTransactions,
  syncRunsOf,
} from "../../../test/plaid-harness";
import { syncHealthyItems } from "../../plaid/periodic";
import { syncItem } from "../../plaid/sync/run";

interface AdvanceReply {
  items: { item_id: string; added: number; modified: number; removed: number }[];
}

let api: PlaidTestApi;
let home: Awaited<ReturnType<typeof createHousehold>>;
let bank: LinkedBank;
let categoryIds: Map<string, string>;

beforeAll(async () => {
  api = await createPlaidTestApi();
  home = await createHousehold(api);
  bank = await linkBank(api, home.alex.accessToken);
  const categories = await api.request<{ items: { id: string; name: string }[] }>("GET", "/categories", {
    token: home.alex.accessToken,
  });
  categoryIds = new Map(categories.body.items.map((c) => [c.name, c.id]));
});
afterAll(() => api.close());

const emulatorItem = () => api.emulator.state.items.get(bank.plaidItemId)!;

async function advance(days: number) {
  const reply = await control<AdvanceReply>(api, "/advance", { days, items: [bank.plaidItemId] });
  return reply.items[0]!;
}

describe("the synced set equals the emulator's truth", () => {
  it("after the initial history, synced when the bank was linked", async () => {
    await expectMatchesTruth(api, bank.id);
    const truth = api.emulator.truth(bank.plaidItemId);
    expect(truth.transactions.some((t) => t.pending)).toBe(true);
    const runs = await syncRunsOf(api, bank.id);
    expect(runs).toMatchObject([
      { trigger: "link", status: "success", added: truth.transactions.length, modified: 0, removed: 0, restarts: 0 },
    ]);

    const items = await api.request<{ items: { id: string; status: string; accountIds: string[] }[] }>(
      "GET",
      "/plaid/items",
      { token: home.blair.accessToken },
    );
    expect(items.body.items).toMatchObject([{ id: bank.id, status: "healthy" }]);
    expect(items.body.items[0]!.accountIds).toHaveLength(truth.accounts.length);
  });

  it("applies Plaid's confident categories and records them as Plaid's", async () => {
    const truth = new Map(api.emulator.truth(bank.plaidItemId).transactions.map((t) => [t.transaction_id, t]));
    const rows = await syncedTransactions(api, bank.id);
    let categorised = 0;
    for (const row of rows) {
      const name = categoryNameForPlaid(truth.get(row.sourceId)!.personal_finance_category);
      const expected = name ? (categoryIds.get(name) ?? null) : null;
      expect(row.categoryId, row.sourceId).toBe(expected);
      expect(row.categorySource, row.sourceId).toBe(expected ? "plaid" : null);
      if (expected) categorised++;
    }
    expect(categorised).toBeGreaterThan(rows.length / 2);
  });

  it("after several days pass, with pending transactions posting, modifications and removals", async () => {
    const seen = { modified: 0, removed: 0, posted: 0 };
    for (const days of [1, 2, 3, 5]) {
      const pendingBefore = new Set(
        (await syncedTransactions(api, bank.id)).filter((t) => t.pending).map((t) => t.sourceId),
      );
      const changed = await advance(days);
      expect(changed.added + changed.modified + changed.removed).toBeGreaterThan(0);
      const outcome = await sync(api, bank.id);
      expect(outcome).toMatchObject({ status: "success", restarts: 0, retries: 0 });
      seen.modified += outcome.modified;
      seen.removed += outcome.removed;
      await expectMatchesTruth(api, bank.id);
      const posted = api.emulator
        .truth(bank.plaidItemId)
        .transactions.filter((t) => t.pending_transaction_id && pendingBefore.has(t.pending_transaction_id));
      seen.posted += posted.length;
    }
    expect(seen.modified).toBeGreaterThan(0);
    expect(seen.removed).toBeGreaterThan(0);
    expect(seen.posted).toBeGreaterThan(0);
  });

  it("changes nothing when synced again with nothing new", async () => {
    const before = await syncedTransactions(api, bank.id);
    const outcome = await sync(api, bank.id);
    expect(outcome).toMatchObject({ status: "success", added: 0, modified: 0, removed: 0 });
    expect(await syncedTransactions(api, bank.id)).toEqual(before);
    await expectMatchesTruth(api, bank.id);
  });

  it("applies an update once when two syncs of the item race (as from two processes)", async () => {
    await advance(2);
    // Straight to the sync engine, past the in-process queue: only the database lock serialises these.
    const outcomes = await Promise.all([
      syncItem(api.plaid.syncNow, bank.id, "periodic"),
      syncItem(api.plaid.syncNow, bank.id, "periodic"),
    ]);
    const changes = outcomes.map((o) => o.added + o.modified + o.removed).sort((a, b) => a - b);
    expect(outcomes.map((o) => o.status)).toEqual(["success", "success"]);
    expect(changes[0]).toBe(0);
    expect(changes[1]).toBeGreaterThan(0);
    await expectMatchesTruth(api, bank.id);
  });
});

describe("the periodic sync", () => {
  it("catches up healthy banks whose webhooks never came", async () => {
    await advance(1);
    const runsBefore = (await syncRunsOf(api, bank.id)).length;
    expect(await syncHealthyItems(api.deps.db, api.plaid)).toBe(1);
    expect((await syncRunsOf(api, bank.id)).slice(runsBefore)).toMatchObject([
      { trigger: "periodic", status: "success" },
    ]);
    await expectMatchesTruth(api, bank.id);
  });
});

describe("a member's edits survive the bank", () => {
  const MERCHANT = "Sam's Diner (renamed by Blair)";
  const NOTES = "Split with Alex";
  let postedId: string;

  it("carries category, notes, merchant, split and payer from a pending transaction to the posted one", async () => {
    const pendingRows = (await syncedTransactions(api, bank.id)).filter((t) => t.pending);
    const records = emulatorItem().ledger.live;
    // A card purchase that will post (not every pending record has a posting day yet).
    const pending = pendingRows.find((t) => records.get(t.sourceId)?.postDate)!;
    expect(pending, "the emulator has a pending transaction that will post").toBeTruthy();
    const categoryId = categoryIds.get("Events")!;
    const edit = await api.request<{ categorySource: string }>("PATCH", `/transactions/${pending.id}`, {
      token: home.blair.accessToken,
      body: { categoryId, notes: NOTES, merchant: MERCHANT, split: { kind: "equal" }, payer: home.blair.member.id },
    });
    expect(edit.status).toBe(200);
    expect(edit.body.categorySource).toBe("member");

    for (let day = 0; day < 5 && records.has(pending.sourceId); day++) {
      await advance(1);
      expect(await sync(api, bank.id)).toMatchObject({ status: "success" });
    }
    const truth = api.emulator.truth(bank.plaidItemId).transactions;
    expect(
      truth.some((t) => t.transaction_id === pending.sourceId),
      "the pending transaction posted",
    ).toBe(false);
    const posted = truth.find((t) => t.pending_transaction_id === pending.sourceId)!;
    expect(posted).toBeTruthy();
    postedId = posted.transaction_id;

    const rows = await syncedTransactions(api, bank.id);
    expect(
      rows.find((t) => t.sourceId === pending.sourceId),
      "the pending row is gone",
    ).toBeUndefined();
    expect(rows.find((t) => t.sourceId === postedId)).toMatchObject({
      pending: false,
      categoryId,
      categorySource: "member",
      notes: NOTES,
      merchant: MERCHANT,
      editedFields: expect.arrayContaining(["merchant", "notes"]),
      split: { kind: "equal" },
      payer: { kind: "member", memberId: home.blair.member.id },
    });
    await expectMatchesTruth(api, bank.id, { merchants: { [postedId]: MERCHANT } });
  });

  it("takes Plaid's new amount for an edited transaction but keeps the member's category, merchant and notes", async () => {
    const item = emulatorItem();
    const record = item.ledger.live.get(postedId)!;
    item.ledger.modify({
      ...record,
      amountCents: record.amountCents + 123,
      name: `${record.name} (corrected)`,
      merchantName: "The bank's merchant",
      category: { primary: "FOOD_AND_DRINK", detailed: "FOOD_AND_DRINK_COFFEE", confidence_level: "VERY_HIGH" },
    });
    const before = (await syncedTransactions(api, bank.id)).find((t) => t.sourceId === postedId)!;
    const outcome = await sync(api, bank.id);
    expect(outcome).toMatchObject({ status: "success", modified: 1 });

    const after = (await syncedTransactions(api, bank.id)).find((t) => t.sourceId === postedId)!;
    expect(after.amount).toBe(before.amount - 123);
    expect(after.description).toBe(`${record.name} (corrected)`);
    expect(after).toMatchObject({
      categoryId: categoryIds.get("Events"),
      categorySource: "member",
      merchant: MERCHANT,
      notes: NOTES,
    });
    await expectMatchesTruth(api, bank.id, { merchants: { [postedId]: MERCHANT } });
  });

  it("still lets Plaid recategorise and rename what no member touched", async () => {
    const item = emulatorItem();
    const untouched = (await syncedTransactions(api, bank.id)).find(
      (t) => !t.pending && t.categorySource !== "member" && t.editedFields.length === 0,
    )!;
    const record = item.ledger.live.get(untouched.sourceId)!;
    item.ledger.modify({
      ...record,
      merchantName: "Bean There",
      category: { primary: "FOOD_AND_DRINK", detailed: "FOOD_AND_DRINK_COFFEE", confidence_level: "HIGH" },
    });
    expect(await sync(api, bank.id)).toMatchObject({ status: "success", modified: 1 });
    const after = (await syncedTransactions(api, bank.id)).find((t) => t.sourceId === untouched.sourceId)!;
    expect(after).toMatchObject({
      merchant: "Bean There",
      categoryId: categoryIds.get("Coffee"),
      categorySource: "plaid",
    });
    await expectMatchesTruth(api, bank.id, { merchants: { [postedId]: MERCHANT } });
  });
});
