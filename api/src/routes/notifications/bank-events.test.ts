import { toIsoDate } from "@tandem/shared";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { createHousehold } from "../../../test/harness";
import { createHousehold as household } from "../../../test/harness";
import {
  addFaults,
  control,
  createPlaidTestApi,
  type LinkedBank,
  linkBank,
  type PlaidTestApi,
  sync,
} from "../../../test/plaid-harness";
import { categories, notifications, transactions } from "../../db/schema";

let api: PlaidTestApi;
let home: Awaited<ReturnType<typeof createHousehold>>;
let bank: LinkedBank;

beforeAll(async () => {
  api = await createPlaidTestApi();
  home = await household(api);
  bank = await linkBank(api, home.alex.accessToken, { transactions: 30 });
});
afterAll(() => api.close());

const rowsOf = (prefix: string) =>
  api.deps.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.householdId, home.householdId), like(notifications.dedupeKey, `${prefix}%`)));

describe("bank notifications", () => {
  it("a failing sync notifies once per episode, whatever its retries; a good sync starts a new one", async () => {
    await addFaults(api, { kind: "INTERNAL_SERVER_ERROR", item_id: bank.plaidItemId, count: 50 });
    for (let i = 0; i < 3; i++) expect(await sync(api, bank.id, "manual")).toMatchObject({ status: "error" });
    const first = await rowsOf(`plaid:${bank.id}:sync-error:`);
    expect(first.map((n) => n.userId).sort()).toEqual([home.alex.member.id, home.blair.member.id].sort());
    expect(first[0]).toMatchObject({ kind: "sync_error", topic: "bank", subject: { itemId: bank.id } });

    await control(api, "/faults", undefined, "DELETE");
    api.clock.advance(60_000); // the test clock stands still; a new success needs a new time
    expect(await sync(api, bank.id, "manual")).toMatchObject({ status: "success" });
    await addFaults(api, { kind: "INTERNAL_SERVER_ERROR", item_id: bank.plaidItemId, count: 50 });
    await Promise.all([sync(api, bank.id, "manual"), sync(api, bank.id, "periodic")]);
    expect(await rowsOf(`plaid:${bank.id}:sync-error:`)).toHaveLength(4);
    await control(api, "/faults", undefined, "DELETE");
  });

  it("checks the transactions a sync inserted for large ones, once", async () => {
    const today = toIsoDate(api.clock.now());
    // The emulator's history: any posted one of the last 30 days in USD at or above 500.00 is
    // news, unless it is a transfer between the household's own accounts.
    const synced = await api.deps.db.select().from(transactions).where(eq(transactions.householdId, home.householdId));
    const transferCategories = await api.deps.db
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.householdId, home.householdId), eq(categories.kind, "transfer")));
    const isTransfer = new Set(transferCategories.map((c) => c.id));
    const large = synced.filter(
      (t) =>
        !t.pending &&
        !(t.categoryId && isTransfer.has(t.categoryId)) &&
        t.currency === "USD" &&
        Math.abs(t.amount) >= 50_000 &&
        t.date >= toIsoDate(new Date(Date.parse(today) - 30 * 86_400_000)),
    );
    expect(large.length).toBeGreaterThan(0);
    const rows = await rowsOf("transaction:");
    const largeKeys = new Set(rows.filter((r) => r.kind === "large_transaction").map((r) => r.dedupeKey));
    expect([...largeKeys].sort()).toEqual(large.map((t) => `transaction:${t.id}:large`).sort());
    expect(rows.filter((r) => r.kind === "large_transaction")).toHaveLength(largeKeys.size * 2);
    // Syncing again inserts nothing new and notifies nothing new.
    api.emulator.advance(1, [bank.plaidItemId]);
    await sync(api, bank.id, "manual");
    const after = (await rowsOf("transaction:")).filter((r) => r.kind === "large_transaction");
    expect(new Set(after.map((r) => r.dedupeKey)).size).toBe(after.length / 2);
  });
});
