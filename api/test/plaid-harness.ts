import { inspect } from "node:util";
import { and, eq, sql } from "drizzle-orm";
import { expect } from "vitest";
import {
  type FaultSpec as EmulatorFaultSpec,
  type RunningPlaidEmulator,
  startPlaidEmulator,
} from "../../infra/src/plaid-emulator";
import { createKeyRing } from "../src/crypto/fernet";
import { rows } from "../src/db/client";
import { accounts, plaidItems, plaidSyncRuns, transactions } from "../src/db/schema";
import type { AppDeps } from "../src/lib/types";
import { createPlaidClient } from "../src/plaid/client";
import { createPlaidService, type PlaidService } from "../src/plaid/service";
import type { SyncOutcome, SyncTrigger } from "../src/plaid/sync/run";
import { createTestApi, type Reply, type TestApi } from "./harness";

export const TEST_APP_SECRET_KEYS = ["test-app-secret-key-0123456789abcdef-current"];

export interface PlaidTestApi extends TestApi {
  emulator: RunningPlaidEmulator;
  plaid: PlaidService;
}

/**
 * The API with Plaid switched on, talking through the real SDK to our emulator on a
 * real port. Retries back off in milliseconds so fault tests stay fast.
 */
export interface PlaidTestApiOptions {
  webhookUrl?: string;
  seed?: number;
  redirectUri?: string;
  manualSyncCooldownSeconds?: number;
  config?: Partial<AppDeps["config"]>;
}

export async function createPlaidTestApi(options: PlaidTestApiOptions = {}): Promise<PlaidTestApi> {
  const emulator = await startPlaidEmulator({ port: 0, seed: options.seed ?? 7 });
  let plaid: PlaidService | undefined;
  const api = await createTestApi(options.config ?? {}, ({ db, now }) => {
    plaid = createPlaidService({
      db,
      now,
      client: createPlaidClient({
        clientId: emulator.clientId,
        secret: emulator.secret,
        env: "sandbox",
        baseUrl: emulator.url,
      }),
      keyRing: createKeyRing(TEST_APP_SECRET_KEYS),
      retry: { attempts: 5, baseDelayMs: 2, maxDelayMs: 20 },
      settings: {
        webhookUrl: options.webhookUrl ?? null,
        redirectUri: options.redirectUri ?? null,
        countryCodes: ["US"],
        manualSyncCooldownSeconds: options.manualSyncCooldownSeconds ?? 30,
      },
    });
    return { plaid };
  });
  return {
    ...api,
    emulator,
    plaid: plaid!,
    async close() {
      await plaid!.queue.idle();
      await api.close();
      await emulator.close();
    },
  };
}

export interface LinkOptions {
  institutionId?: string;
  /** Exactly this many transactions of history (made in the emulator, then linked through Link's public token). */
  transactions?: number;
  /** Days of history (Plaid's days_requested). */
  days?: number;
}

export interface LinkedBank {
  /** Tandem's id of the item. */
  id: string;
  /** Plaid's item_id, the emulator's key. */
  plaidItemId: string;
}

/** Links an emulator bank for a member the way the dashboard will: sandbox public token → exchange. */
export async function linkBank(
  api: PlaidTestApi,
  token: string,
  institutionOrOptions: string | LinkOptions = {},
): Promise<LinkedBank> {
  const options =
    typeof institutionOrOptions === "string" ? { institutionId: institutionOrOptions } : institutionOrOptions;
  const institutionId = options.institutionId ?? "ins_109508";
  let publicToken: string;
  if (options.transactions !== undefined) {
    const { state } = api.emulator;
    publicToken = state.issuePublicToken(
      state.createItem({
        institutionId,
        transactions: options.transactions,
        ...(options.days ? { days: options.days } : {}),
      }),
    );
  } else {
    const { data } = await api.plaid.client.sandboxPublicTokenCreate({
      institution_id: institutionId,
      initial_products: ["transactions" as never],
      ...(options.days ? { options: { transactions: { days_requested: options.days } } } : {}),
    });
    publicToken = data.public_token;
  }
  const reply = await api.request<{ id: string }>("POST", "/plaid/exchange", { token, body: { publicToken } });
  if (reply.status !== 201) throw new Error(`exchange failed: ${JSON.stringify(reply.body)}`);
  await api.plaid.queue.idle();
  const row = await itemRow(api, reply.body.id);
  return { id: reply.body.id, plaidItemId: row.plaidItemId };
}

export async function itemRow(api: TestApi, id: string) {
  const [row] = await api.deps.db.select().from(plaidItems).where(eq(plaidItems.id, id));
  if (!row) throw new Error(`no plaid item ${id}`);
  return row;
}

/** The item's Plaid access token, decrypted with the API's key ring. */
export async function accessTokenOf(api: PlaidTestApi, id: string): Promise<string> {
  return api.plaid.keyRing.decrypt((await itemRow(api, id)).accessTokenEncrypted);
}

/** One sync through the API's own queue, the way webhooks and the timer start them. */
export function sync(api: PlaidTestApi, id: string, trigger: SyncTrigger = "webhook"): Promise<SyncOutcome> {
  return api.plaid.queue.request(id, trigger);
}

export async function syncRunsOf(api: TestApi, id: string) {
  return api.deps.db.select().from(plaidSyncRuns).where(eq(plaidSyncRuns.itemId, id));
}

/** The emulator's control API over HTTP (what a system test or a developer would use). */
export async function control<T = Record<string, unknown>>(
  api: PlaidTestApi,
  path: string,
  body?: unknown,
  method = body === undefined ? "GET" : "POST",
): Promise<T> {
  const response = await fetch(`${api.emulator.url}/__emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`control ${path} → ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

/** An emulator fault; the endpoint defaults to /transactions/sync. */
export type FaultSpec = Omit<EmulatorFaultSpec, "endpoint"> & { endpoint?: string };

/** Arms faults through the control API (POST /__emulator/faults). */
export function addFaults(api: PlaidTestApi, ...faults: FaultSpec[]) {
  return control(api, "/faults", { faults: faults.map((f) => ({ endpoint: "/transactions/sync", ...f })) });
}

/** Plaid's webhook body as Plaid sends it: pretty-printed JSON. */
export function webhookBody(plaidItemId: string, code = "SYNC_UPDATES_AVAILABLE", type = "TRANSACTIONS", extra = {}) {
  return JSON.stringify(
    { webhook_type: type, webhook_code: code, item_id: plaidItemId, environment: "sandbox", ...extra },
    null,
    2,
  );
}

/** A Plaid-Verification header from the emulator's signing key (or the given kid / iat). */
export async function signWebhook(api: PlaidTestApi, body: string, options: { iat?: number; kid?: string } = {}) {
  const signed = await control<{ verification: string }>(api, "/webhooks/sign", { body, ...options });
  return signed.verification;
}

export function postWebhook(api: TestApi, body: string, verification?: string): Promise<Reply<unknown>> {
  return api.request("POST", "/plaid/webhook", {
    body,
    headers: verification === undefined ? {} : { "plaid-verification": verification },
  });
}

/** Plaid's decimal amount (positive = money out) in the ledger's signed minor units. */
export function ledgerCents(plaidAmount: number): number {
  const cents = -Math.round(plaidAmount * 100);
  return cents === 0 ? 0 : cents;
}

export interface SyncedTransaction {
  sourceId: string;
  plaidAccountId: string;
  date: string;
  amount: number;
  currency: string;
  pending: boolean;
  description: string;
  merchant: string | null;
}

/** The plaid transactions on the item's accounts, as the database holds them. */
export async function syncedTransactions(api: TestApi, id: string) {
  const item = await itemRow(api, id);
  return api.deps.db
    .select({
      id: transactions.id,
      sourceId: transactions.sourceId,
      plaidAccountId: accounts.plaidAccountId,
      date: transactions.date,
      amount: transactions.amount,
      currency: transactions.currency,
      pending: transactions.pending,
      description: transactions.description,
      merchant: transactions.merchant,
      notes: transactions.notes,
      categoryId: transactions.categoryId,
      categorySource: transactions.categorySource,
      editedFields: transactions.editedFields,
      split: transactions.split,
      payer: transactions.payer,
    })
    .from(transactions)
    .innerJoin(accounts, eq(accounts.id, transactions.accountId))
    .where(
      and(
        eq(transactions.householdId, item.householdId),
        eq(transactions.source, "plaid"),
        eq(accounts.plaidItemId, item.id),
      ),
    );
}

/**
 * The one comparison every sync test ends with: the database's plaid transactions for
 * the item are exactly the emulator's truth (the same ids, and for each: account, date,
 * amount in signed cents, currency, pending, description, and the merchant unless a
 * member renamed it, in which case `merchants` says what the member set), the item's
 * accounts are exactly the bank's, and each account's derived balance is the bank's.
 */
export async function expectMatchesTruth(
  api: PlaidTestApi,
  id: string,
  options: { merchants?: Record<string, string | null> } = {},
) {
  const item = await itemRow(api, id);
  const truth = api.emulator.truth(item.plaidItemId);
  expect(truth.transactions.length, "the truth has transactions").toBeGreaterThan(0);
  const synced = await syncedTransactions(api, id);

  const memberMerchant = new Map<string, string | null>();
  for (const row of synced) {
    if (!row.editedFields.includes("merchant")) continue;
    expect(options.merchants, `${row.sourceId} has a member-set merchant; say which`).toHaveProperty([row.sourceId]);
    memberMerchant.set(row.sourceId, options.merchants![row.sourceId]!);
  }
  const bySource = (a: { sourceId: string }, b: { sourceId: string }) => (a.sourceId < b.sourceId ? -1 : 1);
  const expected: SyncedTransaction[] = truth.transactions
    .map((t) => ({
      sourceId: t.transaction_id,
      plaidAccountId: t.account_id,
      date: t.date,
      amount: ledgerCents(t.amount),
      currency: t.iso_currency_code,
      pending: t.pending,
      description: t.name,
      merchant: memberMerchant.has(t.transaction_id) ? memberMerchant.get(t.transaction_id)! : t.merchant_name,
    }))
    .sort(bySource);
  const actual: SyncedTransaction[] = synced
    .map((r) => ({
      sourceId: r.sourceId,
      plaidAccountId: r.plaidAccountId!,
      date: r.date,
      amount: Number(r.amount),
      currency: r.currency,
      pending: r.pending,
      description: r.description,
      merchant: r.merchant,
    }))
    .sort(bySource);
  expect(actual.length, "synced row count").toBe(expected.length);
  expect(actual).toEqual(expected);

  // The ledger's balance: opening balance plus posted transactions, as GET /accounts derives it.
  const linked = rows<{ plaid_account_id: string; balance: string }>(
    await api.deps.db.execute(sql`
      select a.plaid_account_id, a.opening_balance + coalesce(
               (select sum(t.amount) from transactions t where t.account_id = a.id and not t.pending), 0) as balance
        from accounts a
       where a.household_id = ${item.householdId} and a.plaid_item_id = ${item.id}`),
  );
  const balances = Object.fromEntries(linked.map((a) => [a.plaid_account_id, Number(a.balance)]));
  const bankBalances = Object.fromEntries(
    truth.accounts.map((a) => {
      const owed = a.type === "credit";
      const cents = Math.round(a.balances.current! * 100);
      return [a.account_id, owed ? -cents : cents];
    }),
  );
  expect(balances).toEqual(bankBalances);
  expect(item.cursor, "a synced item has a cursor").toBeTruthy();
}

/** Everything written to stdout, stderr and the console while `run` runs, with logging at production level. */
export async function captureOutput<T>(run: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const record = (...args: unknown[]) => {
    chunks.push(
      args
        .map((a) =>
          typeof a === "string" ? a : a instanceof Uint8Array ? Buffer.from(a).toString() : inspect(a, { depth: 8 }),
        )
        .join(" "),
    );
  };
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  const consoleMethods = ["log", "info", "warn", "error", "debug"] as const;
  const originals = consoleMethods.map((m) => console[m]);
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production"; // log() is quiet below "error" in tests; hear everything
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    record(chunk);
    return stdout(chunk as string, ...(rest as []));
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    record(chunk);
    return stderr(chunk as string, ...(rest as []));
  }) as typeof process.stderr.write;
  for (const m of consoleMethods) console[m] = (...args: unknown[]) => record(...args);
  try {
    const result = await run();
    return { result, output: chunks.join("\n") };
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    process.stdout.write = stdout;
    process.stderr.write = stderr;
    consoleMethods.forEach((m, i) => {
      console[m] = originals[i]!;
    });
  }
}
