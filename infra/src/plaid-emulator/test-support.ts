import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Configuration, PlaidApi, type RemovedTransaction, type Transaction } from "plaid";
import { DEFAULT_CLIENT_ID, DEFAULT_SECRET } from "./app";

/** Shared by the emulator's tests: an SDK client, a sync loop, a webhook receiver. Not a test file itself. */

export function plaidClient(basePath: string, clientId = DEFAULT_CLIENT_ID, secret = DEFAULT_SECRET): PlaidApi {
  return new PlaidApi(
    new Configuration({ basePath, baseOptions: { headers: { "PLAID-CLIENT-ID": clientId, "PLAID-SECRET": secret } } }),
  );
}

export interface PlaidFailure {
  status: number;
  data: Record<string, unknown>;
}

/**
 * The Plaid error of a failed SDK call. Only status and body are kept: the axios error
 * itself carries the request config, secret included, and must never be logged whole.
 */
export async function plaidFailure(call: Promise<unknown>): Promise<PlaidFailure> {
  try {
    await call;
  } catch (error) {
    const response = (error as { response?: { status: number; data: Record<string, unknown> } }).response;
    if (response) return { status: response.status, data: response.data };
    throw new Error(`call failed without an HTTP response: ${(error as Error).message}`);
  }
  throw new Error("expected the Plaid call to fail");
}

export async function control<T = Record<string, unknown>>(
  url: string,
  path: string,
  body?: unknown,
  method = body === undefined ? "GET" : "POST",
): Promise<T> {
  const response = await fetch(`${url}/__emulator${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`control ${path} → ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

export interface SyncRun {
  added: Transaction[];
  modified: Transaction[];
  removed: RemovedTransaction[];
  cursor: string;
  pages: number;
}

/** Pages from `cursor` until has_more is false, collecting the whole update before anything is applied. */
export async function syncUpdate(client: PlaidApi, accessToken: string, cursor: string, count = 500): Promise<SyncRun> {
  const run: SyncRun = { added: [], modified: [], removed: [], cursor, pages: 0 };
  let next = cursor;
  for (;;) {
    const { data } = await client.transactionsSync({ access_token: accessToken, cursor: next, count });
    run.added.push(...data.added);
    run.modified.push(...data.modified);
    run.removed.push(...data.removed);
    run.pages++;
    next = data.next_cursor;
    if (!data.has_more) break;
  }
  run.cursor = next;
  return run;
}

/** What a client's database holds: transactions by id. */
export type Store = Map<string, Transaction>;

export function apply(store: Store, run: SyncRun): Store {
  for (const t of run.added) store.set(t.transaction_id, t);
  for (const t of run.modified) store.set(t.transaction_id, t);
  for (const r of run.removed) store.delete(r.transaction_id);
  return store;
}

export function sortById<T extends { transaction_id: string }>(list: Iterable<T>): T[] {
  return [...list].sort((a, b) => (a.transaction_id < b.transaction_id ? -1 : 1));
}

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  raw: string;
  body: Record<string, unknown>;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Resolves with the first webhook (already received or arriving later) that matches. */
  waitFor(match: (hook: ReceivedWebhook) => boolean, timeoutMs?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const waiters: { match: (hook: ReceivedWebhook) => boolean; resolve: (hook: ReceivedWebhook) => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const hook = { headers: req.headers, raw, body: JSON.parse(raw) as Record<string, unknown> };
      received.push(hook);
      for (const waiter of [...waiters]) {
        if (waiter.match(hook)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(hook);
        }
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/plaid/webhook`,
    received,
    waitFor(match, timeoutMs = 5_000) {
      const already = received.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("timed out waiting for a webhook")), timeoutMs);
        waiters.push({
          match,
          resolve: (hook) => {
            clearTimeout(timer);
            resolve(hook);
          },
        });
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
