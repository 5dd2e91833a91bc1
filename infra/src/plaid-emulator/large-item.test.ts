import type { PlaidApi } from "plaid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPlaidEmulator, startPlaidEmulator, type Truth } from "./index";
import { apply, control, plaidClient, sortById, syncUpdate } from "./test-support";

let emulator: RunningPlaidEmulator;
let plaid: PlaidApi;

beforeAll(async () => {
  emulator = await startPlaidEmulator({ port: 0, seed: 51 });
  plaid = plaidClient(emulator.url);
});

afterAll(async () => {
  await emulator.close();
});

describe("an Item with 100,000 transactions", () => {
  it("is created, synced in full through the SDK, and matches the truth", { timeout: 120_000 }, async () => {
    let started = performance.now();
    const item = await control<{ item_id: string; access_token: string; transactions: number }>(
      emulator.url,
      "/items",
      { transactions: 100_000, seed: 2024 },
    );
    const createdMs = performance.now() - started;
    expect(item.transactions).toBe(100_000);

    started = performance.now();
    const run = await syncUpdate(plaid, item.access_token, "", 500);
    const syncMs = performance.now() - started;
    expect(run.pages).toBe(200);
    expect(run.added).toHaveLength(100_000);

    started = performance.now();
    const truth = await control<Truth>(emulator.url, `/items/${item.item_id}/truth`);
    const truthMs = performance.now() - started;
    const store = apply(new Map(), run);
    expect(store.size).toBe(100_000);
    expect(sortById(store.values())).toEqual(sortById(truth.transactions));

    await control(emulator.url, "/advance", { items: [item.item_id], days: 2 });
    started = performance.now();
    const update = await syncUpdate(plaid, item.access_token, run.cursor, 500);
    const incrementalMs = performance.now() - started;
    expect(update.added.length + update.modified.length + update.removed.length).toBeGreaterThan(0);

    console.log(
      `100,000-transaction Item: created in ${(createdMs / 1000).toFixed(2)} s; full sync (200 pages of 500) in ${(
        syncMs / 1000
      ).toFixed(2)} s; truth fetched in ${(truthMs / 1000).toFixed(2)} s; 2-day incremental update (${
        update.added.length
      } added, ${update.modified.length} modified, ${update.removed.length} removed) in ${incrementalMs.toFixed(0)} ms`,
    );
    expect(syncMs).toBeLessThan(20_000);
  });
});
