import { type RunningPlaidEmulator, startPlaidEmulator } from "@tandem/infra/plaid-emulator";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, runScript, type Started } from "./support/process";
import {
  productionEnv,
  type Reply,
  type ScratchDatabase,
  scratchDatabase,
  sendOnNewConnection,
} from "./support/production-api";

// The production API process on real PostgreSQL with the Plaid emulator as its bank,
// stopped with SIGTERM (what Render sends on a deploy) while requests and a sync run.
const TRANSACTIONS = 3_000;

let emulator: RunningPlaidEmulator;
let database: ScratchDatabase;
let db: postgres.Sql;

beforeAll(async () => {
  database = await scratchDatabase("shutdown");
  db = postgres(database.url, { max: 2, onnotice: () => {} });
  emulator = await startPlaidEmulator({ port: 0, seed: 88 });
});
afterAll(async () => {
  await db.end();
  await emulator.close();
  await database.drop();
});

type Outcome = Reply;

/** One request on its own connection, as a load balancer's fresh connection would be. */
const send = (base: string, method: string, path: string, token: string, body?: unknown): Promise<Outcome> =>
  sendOnNewConnection(`${base}${path}`, method, {
    token,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function json<T>(outcome: Promise<Outcome>): Promise<T> {
  const { status, body, error } = await outcome;
  if (error || !status || status >= 300) throw new Error(`request failed: ${status ?? error} ${body ?? ""}`);
  return JSON.parse(body!) as T;
}

/** Reads and writes in a loop until the server stops accepting connections. */
async function client(base: string, token: string, accountId: string, id: number, writes: Outcome[], all: Outcome[]) {
  for (let i = 0; ; i++) {
    const write = i % 2 === 0;
    const outcome = write
      ? await send(base, "POST", "/transactions", token, {
          accountId,
          date: "2026-11-01",
          amount: -(id * 1000 + i + 1),
          description: `load ${id}-${i}`,
        })
      : await send(base, "GET", "/transactions?limit=20", token);
    all.push(outcome);
    if (write) writes.push({ ...outcome, body: `load ${id}-${i}` });
    if (outcome.error === "ECONNREFUSED") return;
  }
}

describe("SIGTERM under load", () => {
  let server: Started;
  let base: string;

  beforeAll(async () => {
    server = runScript(
      "api/src/server.ts",
      {
        ...productionEnv(await freePort(), database.url, emulator),
        SHUTDOWN_TIMEOUT_SECONDS: "30",
        LOG_LEVEL: "info",
      },
      { direct: true },
    );
    [, base] = (await server.waitFor(/^API: (http\S+)$/m)) as [string, string];
  });
  afterAll(async () => {
    await server.stop();
  });

  it("answers every request it accepted, finishes the running sync whole, and exits 0", async () => {
    const { accessToken } = await json<{ accessToken: string }>(
      send(base, "POST", "/auth/register", "", {
        email: "shutdown@example.com",
        password: "correct horse battery staple",
        displayName: "Ada",
        householdName: "Shutdown",
      }),
    );
    const account = await json<{ id: string }>(
      send(base, "POST", "/accounts", accessToken, { name: "Cash", type: "cash", currency: "USD" }),
    );

    // A bank whose first sync takes seconds: every page of /transactions/sync is slow.
    const item = emulator.state.createItem({ institutionId: "ins_109508", transactions: TRANSACTIONS });
    emulator.faults.add({
      endpoint: "/transactions/sync",
      kind: "DELAY",
      item_id: item.itemId,
      delay_ms: 400,
      count: 100,
    });
    const bank = await json<{ id: string }>(
      send(base, "POST", "/plaid/exchange", accessToken, { publicToken: emulator.state.issuePublicToken(item) }),
    );

    const writes: Outcome[] = [];
    const all: Outcome[] = [];
    const clients = Array.from({ length: 8 }, (_, id) => client(base, accessToken, account.id, id, writes, all));
    // SIGTERM once the sync is under way and requests are in flight.
    await until(() => emulator.faults.list().some((f) => f.item_id === item.itemId && f.remaining < 99));
    const beforeSignal = all.length;
    server.child.kill("SIGTERM");
    const exitCode = await server.exited;
    await Promise.all(clients);

    expect(exitCode).toBe(0);
    expect(all.length).toBeGreaterThan(beforeSignal);
    // Every request got a whole answer, or never reached the API: refused once it stopped
    // listening, or reset while still in the kernel's queue as the listener closed.
    const failures = all.filter((o) => (o.error ? !NOT_ACCEPTED.includes(o.error) : (o.status ?? 500) >= 300));
    expect(failures).toEqual([]);
    // The API's own record agrees: it handled exactly the requests that were answered.
    const handled = requestLines(server.output()).filter((line) => line.path === "/transactions");
    expect(handled.length).toBe(all.filter((o) => o.status).length);

    // Each write that was answered is in the database, and only those.
    const answered = writes.filter((w) => w.status === 201).map((w) => w.body);
    const stored = await db<{ description: string }[]>`
      select description from transactions where description like 'load %'`;
    expect(stored.map((r) => r.description).sort()).toEqual(answered.sort());

    // The sync that was running when the signal came finished whole: every transaction, the cursor, its log row.
    const truth = emulator.state.truth(item.itemId).transactions;
    const [linked] = await db<{ count: number }[]>`
      select count(*)::int as count from transactions t join accounts a on a.id = t.account_id
      where a.plaid_item_id = ${bank.id}`;
    expect(linked?.count).toBe(truth.length);
    const runs = await db<{ status: string; added: number }[]>`
      select status, added from plaid_sync_runs where item_id = ${bank.id}`;
    expect(runs).toEqual([{ status: "success", added: truth.length }]);
    const [itemRow] = await db<{ cursor: string | null }[]>`select cursor from plaid_items where id = ${bank.id}`;
    expect(itemRow?.cursor).toBeTruthy();
    expect(server.output()).toMatch(/shut down/);
  });
});

// Connection-level refusals a load balancer retries on another instance.
const NOT_ACCEPTED = ["ECONNREFUSED", "ECONNRESET"];

function requestLines(output: string): { path?: string; status?: number }[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { message?: string; path?: string; status?: number })
    .filter((line) => line.message === "request");
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for the sync to start");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
