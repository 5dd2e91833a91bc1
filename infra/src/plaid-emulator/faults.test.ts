import type { PlaidApi } from "plaid";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningPlaidEmulator, startPlaidEmulator, type Truth } from "./index";
import {
  apply,
  control,
  plaidClient,
  plaidFailure,
  sortById,
  startWebhookReceiver,
  syncUpdate,
  type WebhookReceiver,
} from "./test-support";

let emulator: RunningPlaidEmulator;
let plaid: PlaidApi;
let receiver: WebhookReceiver;

beforeAll(async () => {
  emulator = await startPlaidEmulator({ port: 0, seed: 31 });
  plaid = plaidClient(emulator.url);
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  await control(emulator.url, "/faults", undefined, "DELETE");
});

afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

const newItem = (body: Record<string, unknown> = {}) =>
  control<{ item_id: string; access_token: string; transactions: number }>(emulator.url, "/items", body);
const fault = (body: Record<string, unknown>) => control(emulator.url, "/faults", body);

describe("fault injection", () => {
  it("fails the next call with 429 RATE_LIMIT_EXCEEDED, then recovers", async () => {
    const item = await newItem();
    await fault({ endpoint: "/transactions/sync", kind: "RATE_LIMIT_EXCEEDED", item_id: item.item_id });
    const failure = await plaidFailure(plaid.transactionsSync({ access_token: item.access_token }));
    expect(failure.status).toBe(429);
    expect(failure.data).toMatchObject({
      error_type: "RATE_LIMIT_EXCEEDED",
      error_code: "TRANSACTIONS_SYNC_LIMIT",
      error_message: expect.any(String),
      display_message: null,
      request_id: expect.any(String),
    });
    await expect(plaid.transactionsSync({ access_token: item.access_token })).resolves.toBeTruthy();
  });

  it("fails N calls with 500 INTERNAL_SERVER_ERROR", async () => {
    const item = await newItem();
    await fault({ endpoint: "/accounts/get", kind: "INTERNAL_SERVER_ERROR", count: 2 });
    for (let i = 0; i < 2; i++) {
      const failure = await plaidFailure(plaid.accountsGet({ access_token: item.access_token }));
      expect(failure.status).toBe(500);
      expect(failure.data).toMatchObject({ error_type: "API_ERROR", error_code: "INTERNAL_SERVER_ERROR" });
    }
    await expect(plaid.accountsGet({ access_token: item.access_token })).resolves.toBeTruthy();
  });

  it("fails with ITEM_LOGIN_REQUIRED only for the Item it names", async () => {
    const target = await newItem();
    const bystander = await newItem();
    await fault({ endpoint: "*", kind: "ITEM_LOGIN_REQUIRED", item_id: target.item_id });
    await expect(plaid.transactionsSync({ access_token: bystander.access_token })).resolves.toBeTruthy();
    const failure = await plaidFailure(plaid.transactionsSync({ access_token: target.access_token }));
    expect(failure.status).toBe(400);
    expect(failure.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "ITEM_LOGIN_REQUIRED" });
  });

  it("slows a response down by delay_ms", async () => {
    const item = await newItem();
    await fault({ endpoint: "/item/get", kind: "DELAY", delay_ms: 300 });
    const started = performance.now();
    await plaid.itemGet({ access_token: item.access_token });
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("fails a later page with MUTATION_DURING_PAGINATION; restarting from the update's first cursor reaches the truth", async () => {
    const item = await newItem({ seed: 8 });
    const before = await control<Truth>(emulator.url, `/items/${item.item_id}/truth`);
    await fault({ endpoint: "/transactions/sync", kind: "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION" });

    const first = await plaid.transactionsSync({ access_token: item.access_token, count: 100 });
    expect(first.data.has_more).toBe(true);
    const second = await plaidFailure(
      plaid.transactionsSync({ access_token: item.access_token, cursor: first.data.next_cursor, count: 100 }),
    );
    expect(second.status).toBe(400);
    expect(second.data).toMatchObject({
      error_type: "TRANSACTIONS_ERROR",
      error_code: "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION",
    });

    const restarted = await syncUpdate(plaid, item.access_token, "", 100);
    const truth = await control<Truth>(emulator.url, `/items/${item.item_id}/truth`);
    expect(truth).not.toEqual(before);
    expect(sortById(apply(new Map(), restarted).values())).toEqual(sortById(truth.transactions));
  });

  it("also fails when time really moves between two pages of one update", async () => {
    const item = await newItem({ seed: 12 });
    const first = await plaid.transactionsSync({ access_token: item.access_token, count: 50 });
    await control(emulator.url, "/advance", { items: [item.item_id], days: 1 });
    const failure = await plaidFailure(
      plaid.transactionsSync({ access_token: item.access_token, cursor: first.data.next_cursor, count: 50 }),
    );
    expect(failure.data).toMatchObject({ error_code: "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION" });
  });
});

describe("/sandbox/item/reset_login", () => {
  it("puts the Item in ITEM_LOGIN_REQUIRED until its login is repaired, and says so by webhook", async () => {
    const item = await newItem({ webhook: receiver.url });
    await plaid.sandboxItemResetLogin({ access_token: item.access_token });

    const failure = await plaidFailure(plaid.transactionsSync({ access_token: item.access_token }));
    expect(failure.status).toBe(400);
    expect(failure.data).toMatchObject({
      error_type: "ITEM_ERROR",
      error_code: "ITEM_LOGIN_REQUIRED",
      error_message: expect.stringContaining("login"),
    });
    expect((await plaidFailure(plaid.accountsGet({ access_token: item.access_token }))).data.error_code).toBe(
      "ITEM_LOGIN_REQUIRED",
    );
    const { data } = await plaid.itemGet({ access_token: item.access_token });
    expect(data.item.error?.error_code).toBe("ITEM_LOGIN_REQUIRED");

    const hook = await receiver.waitFor((h) => h.body.item_id === item.item_id && h.body.webhook_code === "ERROR");
    expect(hook.body).toMatchObject({
      webhook_type: "ITEM",
      error: { error_type: "ITEM_ERROR", error_code: "ITEM_LOGIN_REQUIRED", status: 400 },
      environment: "sandbox",
    });

    const advanced = await control<{ items: { skipped: string | null }[] }>(emulator.url, "/advance", {
      items: [item.item_id],
      days: 1,
    });
    expect(advanced.items[0]!.skipped).toBe("ITEM_LOGIN_REQUIRED");

    await control(emulator.url, `/items/${item.item_id}/repair`, {});
    await receiver.waitFor((h) => h.body.item_id === item.item_id && h.body.webhook_code === "LOGIN_REPAIRED");
    await expect(plaid.transactionsSync({ access_token: item.access_token })).resolves.toBeTruthy();
  });
});
