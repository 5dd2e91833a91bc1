import type { RunningPlaidEmulator } from "@tandem/infra/plaid-emulator";
import postgres from "postgres";
import { freePort, runScript, type Started } from "../../support/process";
import { productionEnv, type Reply, scratchDatabase, sendOnNewConnection } from "../../support/production-api";

export type { Reply };

/**
 * The production API process (node + tsx, as Render runs it) on its own PostgreSQL
 * database, with the emulator as its bank. It can be SIGKILLed and started again on the
 * same database and port, so the webhook URL the bank knows stays valid.
 */
export interface ApiProcess {
  base: string;
  webhookUrl: string;
  db: postgres.Sql;
  /** Whether the process is up and answering. */
  up(): boolean;
  start(): Promise<void>;
  kill(): Promise<void>;
  /** Everything the processes printed, across restarts. */
  output(): string;
  close(): Promise<void>;
}

export async function createApiProcess(emulator: RunningPlaidEmulator): Promise<ApiProcess> {
  const database = await scratchDatabase("sync_faults");
  const db = postgres(database.url, { max: 2, onnotice: () => {} });
  const port = await freePort();
  // Fixed across restarts: sessions and the stored (encrypted) access token outlive a kill.
  const env: Record<string, string> = {
    ...productionEnv(port, database.url, emulator),
    LOG_LEVEL: "info",
    PLAID_MANUAL_SYNC_COOLDOWN_SECONDS: "0",
    RATE_LIMIT_SCALE: "100",
  };
  const webhookUrl = env.PLAID_WEBHOOK_URL!;
  let current: Started | null = null;
  let previousOutput = "";

  return {
    base: `http://127.0.0.1:${port}`,
    webhookUrl,
    db,
    up: () => current !== null && current.child.exitCode === null && current.child.signalCode === null,
    async start() {
      current = runScript("api/src/server.ts", env, { direct: true });
      await current.waitFor(/^API: (http\S+)$/m, 60_000);
    },
    async kill() {
      if (!current) return;
      const running = current;
      current = null;
      if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill("SIGKILL");
      await running.exited;
      previousOutput += running.output();
    },
    output: () => previousOutput + (current?.output() ?? ""),
    async close() {
      if (current) {
        const running = current;
        current = null;
        await running.stop();
        previousOutput += running.output();
      }
      await db.end();
      await database.drop();
    },
  };
}

/** One request on its own connection: a pooled socket to a killed process would fail the next request. */
export const send = sendOnNewConnection;

export async function expectJson<T>(reply: Promise<Reply>, status: number, what: string): Promise<T> {
  const { status: actual, body, error } = await reply;
  if (actual !== status) throw new Error(`${what}: expected ${status}, got ${actual ?? error} ${body ?? ""}`);
  return JSON.parse(body!) as T;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A bank-synced row as the database holds it, in the terms the oracle compares. */
export interface StoredTransaction {
  id: string;
  sourceId: string;
  plaidAccountId: string | null;
  date: string;
  amount: number;
  currency: string;
  pending: boolean;
  categoryId: string | null;
  categorySource: string | null;
  notes: string | null;
}

/** Every Plaid row of the household: rows on the item's accounts and any stray one elsewhere. */
export async function storedTransactions(db: postgres.Sql, householdId: string): Promise<StoredTransaction[]> {
  return db<StoredTransaction[]>`
    select t.id, t.source_id as "sourceId", a.plaid_account_id as "plaidAccountId", t.date::text as date,
           t.amount::float8 as amount, t.currency, t.pending, t.category_id as "categoryId",
           t.category_source::text as "categorySource", t.notes
      from transactions t join accounts a on a.id = t.account_id
     where t.household_id = ${householdId} and t.source = 'plaid'
     order by t.source_id`;
}
