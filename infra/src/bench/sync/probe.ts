/**
 * Where the initial sync's time goes, for `npm run bench:sync`. A Plaid client wrapped so
 * the engine's own run records when each /transactions/sync call started and ended, plus
 * stand-alone probes of the layers beneath it.
 */
import type { PlaidApi } from "plaid";

export interface PagingTrace {
  calls: number;
  /** Time spent awaiting the SDK (request out, emulator, response in, JSON parsed). */
  awaitMs: number;
  firstStart: number | null;
  lastEnd: number | null;
  reset(): void;
}

/** The same client, with transactionsSync timed; every other method passes through. */
export function tracePaging(client: PlaidApi): { client: PlaidApi; trace: PagingTrace } {
  const trace: PagingTrace = {
    calls: 0,
    awaitMs: 0,
    firstStart: null,
    lastEnd: null,
    reset() {
      this.calls = 0;
      this.awaitMs = 0;
      this.firstStart = null;
      this.lastEnd = null;
    },
  };
  const traced = new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (property !== "transactionsSync" || typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        trace.firstStart ??= started;
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          const ended = performance.now();
          trace.calls++;
          trace.awaitMs += ended - started;
          trace.lastEnd = ended;
        }
      };
    },
  });
  return { client: traced, trace };
}

export interface PageProbe {
  pages: number;
  ms: number;
  bytes: number;
}

/**
 * Pages /transactions/sync from the start with a plain `post(body) → response text`
 * function, parsing each page: the cost of the emulator plus transport plus JSON.parse,
 * without the SDK or any of Tandem's mapping.
 */
export async function probePaging(
  post: (body: string) => Promise<string>,
  credentials: { client_id: string; secret: string; access_token: string },
  count: number,
): Promise<PageProbe> {
  let cursor: string | undefined;
  let pages = 0;
  let bytes = 0;
  const started = performance.now();
  for (let hasMore = true; hasMore; ) {
    const text = await post(JSON.stringify({ ...credentials, cursor, count }));
    bytes += text.length;
    const page = JSON.parse(text) as { next_cursor: string; has_more: boolean; error_code?: string };
    if (page.error_code) throw new Error(`probe: ${page.error_code}`);
    cursor = page.next_cursor;
    hasMore = page.has_more;
    pages++;
  }
  return { pages, ms: performance.now() - started, bytes };
}

export interface StatementTrace {
  /** Per kind of statement sent through tx.execute: count and time awaiting it. */
  kinds: Map<string, { count: number; ms: number }>;
  reset(): void;
}

/** First words of a drizzle `sql` template, to tell the engine's statements apart. */
function describe(query: unknown): string {
  const chunks = (query as { queryChunks?: unknown[] })?.queryChunks ?? [];
  for (const chunk of chunks) {
    const value = (chunk as { value?: unknown })?.value;
    const text = Array.isArray(value) ? value.join("") : "";
    const words = text.trim().split(/\s+/).slice(0, 2).join(" ").toLowerCase();
    if (words) return words;
  }
  return "other";
}

/**
 * The same database, with every `execute` inside `transaction` timed (the engine sends
 * its bulk statements that way: lock, upserts, deletes, balance reconciliation). The
 * builder queries (select, insert … values) pass through untimed.
 */
export function traceStatements<D extends object>(db: D): { db: D; trace: StatementTrace } {
  const trace: StatementTrace = {
    kinds: new Map(),
    reset() {
      this.kinds.clear();
    },
  };
  const wrapTx = (tx: object) =>
    new Proxy(tx, {
      get(target, property) {
        const value = Reflect.get(target, property, target);
        if (typeof value !== "function") return value;
        if (property !== "execute") return value.bind(target);
        return async (query: unknown) => {
          const started = performance.now();
          try {
            return await value.call(target, query);
          } finally {
            const kind = describe(query);
            const entry = trace.kinds.get(kind) ?? { count: 0, ms: 0 };
            entry.count++;
            entry.ms += performance.now() - started;
            trace.kinds.set(kind, entry);
          }
        };
      },
    });
  const traced = new Proxy(db, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property !== "transaction") return value.bind(target);
      return (callback: (tx: object) => Promise<unknown>, config?: unknown) =>
        value.call(target, (tx: object) => callback(wrapTx(tx)), config);
    },
  });
  return { db: traced, trace };
}
