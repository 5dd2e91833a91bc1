import { readFileSync } from "node:fs";
import { type RunningPlaidEmulator, startPlaidEmulator } from "@tandem/infra/plaid-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, runScript, type Started } from "../support/process";
import { productionEnv, type ScratchDatabase, scratchDatabase } from "../support/production-api";

// Mixed traffic at a steady rate against the production API process, with bank syncs
// running (the emulator's clock moves and its webhooks arrive): no request may fail and
// memory must not climb. SOAK_SECONDS sets the length (npm run soak: 10 minutes; CI: 60 s).
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const RATE_PER_SECOND = Number(process.env.SOAK_RATE ?? 40);
const SYNC_EVERY_MS = 10_000;
const SAMPLE_EVERY_MS = 1_000;

let database: ScratchDatabase;
let emulator: RunningPlaidEmulator;
let server: Started;
let base: string;
let token: string;
let accountId: string;
let itemId: string;
let plaidItemId: string;

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

async function ok<T>(method: string, path: string, body?: unknown): Promise<T> {
  const reply = await call<T>(method, path, body);
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

beforeAll(async () => {
  database = await scratchDatabase("soak");
  emulator = await startPlaidEmulator({ port: 0, seed: 61 });
  const port = await freePort();
  server = runScript(
    "api/src/server.ts",
    { ...productionEnv(port, database.url, emulator), PLAID_MANUAL_SYNC_COOLDOWN_SECONDS: "0", LOG_LEVEL: "warn" },
    { direct: true },
  );
  [, base] = (await server.waitFor(/^API: (http\S+)$/m)) as [string, string];
  base = base.replace("localhost", "127.0.0.1");
  const session = await fetch(`${base}/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: "soak@example.com",
      password: "correct horse battery staple",
      displayName: "Soak",
      householdName: "Soak",
    }),
  });
  token = ((await session.json()) as { accessToken: string }).accessToken;
  accountId = (await ok<{ id: string }>("POST", "/accounts", { name: "Cash", type: "cash", currency: "USD" })).id;
  const item = emulator.state.createItem({ institutionId: "ins_109508", transactions: 500 });
  plaidItemId = item.itemId;
  itemId = (await ok<{ id: string }>("POST", "/plaid/exchange", { publicToken: emulator.state.issuePublicToken(item) }))
    .id;
});

afterAll(async () => {
  await server?.stop();
  await emulator?.close();
  await database?.drop();
});

/** The API process's resident memory in MB (Linux). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

/** Least-squares slope of (seconds, MB) samples, in MB per minute. */
function slopePerMinute(samples: [number, number][]): number {
  const n = samples.length;
  const meanX = samples.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = samples.reduce((sum, [, y]) => sum + y, 0) / n;
  const covariance = samples.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = samples.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return (covariance / variance) * 60;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

describe("soak", () => {
  it(`takes ${RATE_PER_SECOND} mixed requests a second for ${SECONDS} s with syncs running: no error, memory flat`, {
    timeout: (SECONDS + 120) * 1000,
  }, async () => {
    const transactionIds: string[] = [];
    const failures: string[] = [];
    const latencies: number[] = [];
    let sent = 0;
    let syncs = 0;
    const mix: (() => Promise<unknown>)[] = [
      () => ok("GET", "/transactions?limit=50"),
      () => ok("GET", "/transactions?limit=50&sort=amount"),
      () => ok("GET", "/analytics/spending-by-category"),
      () => ok("GET", "/analytics/income-expense"),
      () => ok("GET", "/settle-up"),
      () => ok("GET", "/budgets/status"),
      async () => {
        const created = await ok<{ id: string }>("POST", "/transactions", {
          accountId,
          date: "2026-11-01",
          amount: -(1 + (sent % 9_999)),
          description: `soak ${sent}`,
        });
        transactionIds.push(created.id);
      },
      async () => {
        const id = transactionIds[sent % Math.max(1, transactionIds.length)];
        if (id) await ok("PATCH", `/transactions/${id}`, { notes: `note ${sent}` });
      },
    ];

    const pid = server.child.pid!;
    const samples: [number, number][] = [];
    const started = performance.now();
    const inFlight = new Set<Promise<void>>();
    const send = (action: () => Promise<unknown>, name: string) => {
      const t0 = performance.now();
      const request = action()
        .then(() => void latencies.push(performance.now() - t0))
        .catch((error: Error) => void failures.push(`${name}: ${error.message}`))
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
    };

    // Open loop: requests leave on schedule whether or not earlier ones have answered.
    const interval = 1000 / RATE_PER_SECOND;
    let nextSample = 0;
    let nextSync = SYNC_EVERY_MS;
    while (performance.now() - started < SECONDS * 1000) {
      const elapsed = performance.now() - started;
      const due = Math.floor(elapsed / interval) + 1;
      while (sent < due) {
        send(mix[sent % mix.length]!, `request ${sent % mix.length}`);
        sent++;
      }
      if (elapsed >= nextSample) {
        samples.push([elapsed / 1000, rssMb(pid)]);
        nextSample += SAMPLE_EVERY_MS;
      }
      if (elapsed >= nextSync) {
        // New bank data: the emulator's day moves on and its webhook asks the API to sync.
        emulator.advance(1, [plaidItemId]);
        send(() => ok("POST", `/plaid/items/${itemId}/sync`), "manual sync");
        syncs++;
        nextSync += SYNC_EVERY_MS;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all(inFlight);

    // Warm-up (JIT, pools, caches) is left out of the trend.
    const steady = samples.filter(([t]) => t >= Math.min(20, SECONDS / 3));
    const slope = slopePerMinute(steady);
    const sorted = [...latencies].sort((a, b) => a - b);
    const rss = samples.map(([, mb]) => mb);
    console.log(
      `soak: ${SECONDS} s at ${RATE_PER_SECOND}/s, ${sent} requests, ${syncs} syncs, errors ${failures.length}; ` +
        `p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${percentile(sorted, 0.99).toFixed(1)} ms; ` +
        `RSS ${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)} MB, slope ${slope.toFixed(2)} MB/min`,
    );
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(RATE_PER_SECOND * SECONDS * 0.95);
    // A minute is too short to tell a leak from the collector's rhythm; the ten-minute run decides.
    if (SECONDS >= 300) expect(slope).toBeLessThan(2);
    expect(server.child.exitCode).toBeNull();
  });
});
