import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { PlaidApi } from "plaid";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHousehold, TEST_DB } from "../../../test/harness";
import {
  accessTokenOf,
  addFaults,
  captureOutput,
  control,
  createPlaidTestApi,
  expectMatchesTruth,
  itemRow,
  type LinkedBank,
  linkBank,
  type PlaidTestApi,
  sync,
  syncedTransactions,
  syncRunsOf,
  TEST_APP_SECRET_KEYS,
} from "../../../test/plaid-harness";
import { rows } from "../../db/client";
import { createPlaidClient } from "../../plaid/client";
import { SYNC_PAGE_SIZE } from "../../plaid/sync/fetch";
import { syncItem } from "../../plaid/sync/run";

let api: PlaidTestApi;
let token: string;
let bank: LinkedBank;

beforeAll(async () => {
  api = await createPlaidTestApi({ seed: 11 });
  token = (await createHousehold(api)).alex.accessToken;
  bank = await linkBank(api, token);
});
afterEach(() => control(api, "/faults", undefined, "DELETE"));
afterAll(() => api.close());

/** New bank activity through Plaid's own sandbox endpoint: enough of it makes the next update span pages. */
async function addBankTransactions(count: number) {
  const { today } = await control<{ today: string }>(api, "/clock");
  await api.plaid.client.sandboxTransactionsCreate({
    access_token: await accessTokenOf(api, bank.id),
    transactions: Array.from({ length: count }, (_, i) => ({
      date_transacted: today,
      date_posted: today,
      amount: 1 + i / 100,
      description: `Bulk purchase ${i}`,
    })),
  });
}

/** What a sync could have changed: the cursor, every synced row, the sync log. */
async function state() {
  const item = await itemRow(api, bank.id);
  const synced = (await syncedTransactions(api, bank.id)).sort((a, b) => (a.sourceId < b.sourceId ? -1 : 1));
  return { cursor: item.cursor, lastSuccessAt: item.lastSuccessAt, synced };
}

/** The sync engine with its own SDK client, whose pages a test can interfere with. */
function engineWith(beforePage: (page: number) => Promise<void>) {
  const client = createPlaidClient({
    clientId: api.emulator.clientId,
    secret: api.emulator.secret,
    env: "sandbox",
    baseUrl: api.emulator.url,
  });
  let calls = 0;
  const transactionsSync = client.transactionsSync.bind(client);
  client.transactionsSync = (async (...args: Parameters<PlaidApi["transactionsSync"]>) => {
    await beforePage(++calls);
    return transactionsSync(...args);
  }) as PlaidApi["transactionsSync"];
  return { ...api.plaid.syncNow, plaid: client };
}

describe("TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION", () => {
  it("restarts the first update from the beginning and reaches the truth", async () => {
    // Armed before linking: the first sync of a 1,200-transaction bank spans three pages.
    await addFaults(api, { kind: "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION", count: 1 });
    const big = await linkBank(api, token, { transactions: 1_200 });
    const [run] = await syncRunsOf(api, big.id);
    expect(run).toMatchObject({ trigger: "link", status: "success", restarts: 1, added: 1_200 });
    // One page read before the mutation, then the whole update again from the first cursor.
    expect(run!.pages).toBe(1 + Math.ceil(1_200 / SYNC_PAGE_SIZE));
    await expectMatchesTruth(api, big.id);
  });

  it("restarts a later update as often as needed", async () => {
    await addBankTransactions(SYNC_PAGE_SIZE + 100);
    await addFaults(api, {
      kind: "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION",
      item_id: bank.plaidItemId,
      count: 3,
    });
    const outcome = await sync(api, bank.id);
    expect(outcome).toMatchObject({ status: "success", restarts: 3 });
    expect(outcome.added).toBeGreaterThanOrEqual(SYNC_PAGE_SIZE + 100);
    await expectMatchesTruth(api, bank.id);
  });

  it("gives up after too many restarts, applies nothing, and the next sync catches up", async () => {
    await addBankTransactions(SYNC_PAGE_SIZE + 100);
    await addFaults(api, {
      kind: "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION",
      item_id: bank.plaidItemId,
      count: 50,
    });
    const before = await state();
    const outcome = await sync(api, bank.id);
    expect(outcome).toMatchObject({ status: "error", errorCode: "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION" });
    expect(await state()).toEqual(before);

    await control(api, "/faults", undefined, "DELETE");
    expect(await sync(api, bank.id)).toMatchObject({ status: "success" });
    await expectMatchesTruth(api, bank.id);
  });
});

describe("429 and 500 from Plaid", () => {
  it("are retried with backoff and the sync succeeds", async () => {
    api.emulator.advance(3, [bank.plaidItemId]);
    await addFaults(
      api,
      { kind: "RATE_LIMIT_EXCEEDED", item_id: bank.plaidItemId, count: 2 },
      { kind: "INTERNAL_SERVER_ERROR", item_id: bank.plaidItemId, count: 2 },
    );
    const outcome = await sync(api, bank.id);
    expect(outcome).toMatchObject({ status: "success", retries: 4 });
    const runs = await syncRunsOf(api, bank.id);
    expect(runs.filter((r) => r.retries === 4 && r.status === "success")).toHaveLength(1);
    expect((await control<{ faults: unknown[] }>(api, "/faults")).faults).toEqual([]);
    await expectMatchesTruth(api, bank.id);
  });

  it("past the retry budget fail the sync without applying anything; the next sync catches up", async () => {
    api.emulator.advance(2, [bank.plaidItemId]);
    await addFaults(api, { kind: "INTERNAL_SERVER_ERROR", item_id: bank.plaidItemId, count: 5 });
    const before = await state();
    const outcome = await sync(api, bank.id);
    expect(outcome).toMatchObject({ status: "error", errorCode: "INTERNAL_SERVER_ERROR" });
    expect(await state()).toEqual(before);
    const item = await itemRow(api, bank.id);
    // Plaid's outage is not something a member can fix: no re-login asked for.
    expect(item).toMatchObject({ status: "healthy", errorCode: "INTERNAL_SERVER_ERROR" });

    expect(await sync(api, bank.id)).toMatchObject({ status: "success" });
    expect(await itemRow(api, bank.id)).toMatchObject({ status: "healthy", errorCode: null });
    await expectMatchesTruth(api, bank.id);
  });
});

describe("a sync that dies midway applies nothing", () => {
  it("when a later page fails with an error that is not retried", async () => {
    await addBankTransactions(2 * SYNC_PAGE_SIZE + 100);
    const engine = engineWith(async (page) => {
      if (page === 2) await addFaults(api, { kind: "ITEM_LOGIN_REQUIRED", item_id: bank.plaidItemId });
    });
    const before = await state();
    const outcome = await syncItem(engine, bank.id, "periodic");
    expect(outcome).toMatchObject({ status: "error", errorCode: "ITEM_LOGIN_REQUIRED" });
    expect(await state()).toEqual(before);

    // The fault was one-off: the next sync reads the whole update again and the login is healthy again.
    const next = await sync(api, bank.id);
    expect(next).toMatchObject({ status: "success" });
    expect(next.added).toBeGreaterThanOrEqual(2 * SYNC_PAGE_SIZE + 100);
    expect(await itemRow(api, bank.id)).toMatchObject({ status: "healthy" });
    await expectMatchesTruth(api, bank.id);
  });

  it("when the database refuses a row: the error is logged without the SQL or its parameters", async () => {
    // Rows the mapping cannot vet are skipped before SQL; to make the database itself refuse
    // one, this test database gets a constraint the bank's data then breaks.
    await api.deps.db.execute(
      sql`alter table transactions add constraint test_refuses_odd_one check (description <> 'Odd one')`,
    );
    const { today } = await control<{ today: string }>(api, "/clock");
    await api.plaid.client.sandboxTransactionsCreate({
      access_token: await accessTokenOf(api, bank.id),
      transactions: [
        { date_transacted: today, date_posted: today, amount: 4.2, description: "Private purchase 4711" },
        { date_transacted: today, date_posted: today, amount: 1, description: "Odd one" },
      ],
    });
    const before = await state();
    const { result: outcome, output } = await captureOutput(() => sync(api, bank.id));
    expect(outcome).toMatchObject({ status: "error", errorCode: "SYNC_FAILED" });
    expect(await state()).toEqual(before);
    expect(output).toContain("plaid sync failed");
    expect(output).not.toMatch(/params:|Private purchase|Failed query|insert into/i);

    // The bank withdraws the odd transaction; the next sync goes through.
    const ledger = api.emulator.state.items.get(bank.plaidItemId)!.ledger;
    ledger.remove([...ledger.live.values()].find((r) => r.name === "Odd one")!.id);
    expect(await sync(api, bank.id)).toMatchObject({ status: "success" });
    await expectMatchesTruth(api, bank.id);
  });

  it.skipIf(TEST_DB === "pglite")(
    "when another API process is SIGKILLed mid-sync (Postgres only: PGlite cannot be shared between processes)",
    async () => {
      await addBankTransactions(2 * SYNC_PAGE_SIZE + 100);
      // Each page takes a second, so the child is reliably caught between pages.
      await addFaults(api, { kind: "DELAY", delay_ms: 1_000, item_id: bank.plaidItemId, count: 3 });
      const before = await state();
      const runsBefore = (await syncRunsOf(api, bank.id)).length;

      const child = spawnSyncChild(bank.id);
      try {
        await child.waitFor("page 1");
        // The child holds the item's sync lock in its open transaction.
        expect(await syncLocks()).toBe(1);
        child.process.kill("SIGKILL");
        expect(await child.exit).toBe("SIGKILL");
      } finally {
        child.process.kill("SIGKILL");
      }
      expect(child.output()).not.toContain("done");

      // Postgres rolls the dead session back and frees the lock; nothing of the child's remains.
      for (let i = 0; i < 50 && (await syncLocks()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(await syncLocks()).toBe(0);
      expect(await state()).toEqual(before);
      expect(await syncRunsOf(api, bank.id)).toHaveLength(runsBefore);

      await control(api, "/faults", undefined, "DELETE");
      const outcome = await sync(api, bank.id);
      expect(outcome).toMatchObject({ status: "success" });
      expect(outcome.added).toBeGreaterThanOrEqual(2 * SYNC_PAGE_SIZE + 100);
      await expectMatchesTruth(api, bank.id);
    },
  );
});

/** Advisory locks held in the sync engine's namespace (pg_locks shows a two-key lock's first key as classid). */
async function syncLocks(): Promise<number> {
  const [row] = rows<{ n: number }>(
    await api.deps.db.execute(
      // This database only: other test files sync in theirs at the same time.
      sql`select count(*)::int as n from pg_locks
          where locktype = 'advisory' and classid = 7261640 and granted
            and database = (select oid from pg_database where datname = current_database())`,
    ),
  );
  return row!.n;
}

function spawnSyncChild(itemId: string) {
  const script = fileURLToPath(new URL("../../../test/sync-child.ts", import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: fileURLToPath(new URL("../../..", import.meta.url)),
    env: {
      ...process.env,
      CHILD_DATABASE_URL: api.database.url!,
      CHILD_PLAID_URL: api.emulator.url,
      CHILD_PLAID_CLIENT_ID: api.emulator.clientId,
      CHILD_PLAID_SECRET: api.emulator.secret,
      CHILD_ITEM_ID: itemId,
      CHILD_APP_SECRET_KEYS: JSON.stringify(TEST_APP_SECRET_KEYS),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const w of waiters.filter((w) => stdout.includes(w.text))) w.resolve();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<NodeJS.Signals | number | null>((resolve) => {
    child.on("exit", (code, signal) => resolve(signal ?? code));
  });
  return {
    process: child,
    exit,
    output: () => stdout,
    waitFor(text: string) {
      return new Promise<void>((resolve, reject) => {
        if (stdout.includes(text)) return resolve();
        const timer = setTimeout(() => reject(new Error(`child never printed "${text}": ${stdout}${stderr}`)), 20_000);
        waiters.push({
          text,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        void exit.then((how) => reject(new Error(`child exited (${how}) before "${text}": ${stdout}${stderr}`)));
      });
    },
  };
}
