/**
 * A real API on a fresh PostgreSQL database, seeded with the demo household (fixed dates,
 * so the numbers are known) plus the cases the charts must get right: a pending
 * transaction, an uncategorised one, and a second household whose money must never show.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { createApiKey, loadEnv, type RunningServer, schema, startServer } from "@tandem/api";
import { DEMO_EMAILS, DEMO_PASSWORD, seedDemoHousehold } from "@tandem/infra/demo/seed";
import type { RunningPlaidEmulator } from "@tandem/infra/plaid-emulator";
import { addDays, toIsoDate } from "@tandem/shared";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { freePort, ROOT } from "../../support/process";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface SeededApi {
  url: string;
  apiKey: string;
  sealKey: string;
  householdId: string;
  otherHouseholdId: string;
  dashboardOrigin: string;
  dashboardPort: number;
  login: { email: string; password: string };
  sql: postgres.Sql;
  server: RunningServer;
  /** Stops the API only (the database stays, for "API down" checks). */
  stopApi(): Promise<void>;
  stop(): Promise<void>;
}

async function call<T>(url: string, path: string, init: { token?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method: init.body ? "POST" : "GET",
    headers: {
      "content-type": "application/json",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export interface SeededApiOptions {
  /** A Plaid emulator for the API to link banks through, as `npm start` has. */
  plaid?: RunningPlaidEmulator;
}

export async function startSeededApi({ plaid }: SeededApiOptions = {}): Promise<SeededApi> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const dbName = `tandem_dashboard_${randomBytes(5).toString("hex")}`;
  await admin.unsafe(`create database ${dbName}`);
  const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
  const dashboardPort = await freePort();
  const sealKey = randomBytes(32).toString("base64");
  const apiPort = await freePort();
  const env = loadEnv({
    NODE_ENV: "test",
    API_PORT: String(apiPort),
    // The browser tests sign in as the same member dozens of times within minutes.
    RATE_LIMIT_SCALE: "100",
    ...(plaid
      ? {
          PLAID_CLIENT_ID: plaid.clientId,
          PLAID_SECRET: plaid.secret,
          PLAID_BASE_URL: plaid.url,
          PLAID_WEBHOOK_URL: `http://127.0.0.1:${apiPort}/plaid/webhook`,
          // OAuth banks send the member back to the Banks page, as production sets it.
          PLAID_REDIRECT_URI: `http://localhost:${dashboardPort}/banks`,
          // A Fernet key: 32 random bytes, URL-safe base64.
          APP_SECRET_KEY: randomBytes(32).toString("base64url"),
        }
      : {}),
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString("hex"),
    DASHBOARD_ORIGIN: `http://localhost:${dashboardPort}`,
    DASHBOARD_SEAL_KEY: sealKey,
  });
  const server = await startServer(env);
  const db = server.handle.db;
  // History up to today, so "this month" on the overview has money in it whenever the test runs.
  const today = toIsoDate(new Date());
  const demo = await seedDemoHousehold(db, { now: new Date(), months: 14 });
  const [alex] = await db.select().from(schema.users).where(eq(schema.users.email, DEMO_EMAILS.alex));
  const { key: apiKey } = await createApiKey(db, demo.householdId, alex!.id, "dashboard test");

  const session = await call<{ accessToken: string }>(server.url, "/auth/login", {
    body: { email: DEMO_EMAILS.alex, password: DEMO_PASSWORD },
  });
  const accounts = await call<{ items: { id: string }[] }>(server.url, "/accounts", { token: session.accessToken });
  const accountId = accounts.items[0]!.id;
  const extra = (body: object) => call(server.url, "/transactions", { token: session.accessToken, body });
  await extra({ accountId, date: today, amount: -12_345, description: "Pending at the market", pending: true });
  await extra({ accountId, date: addDays(today, -40), amount: -4_321, description: "Something unlabelled" });
  await extra({ accountId, date: addDays(today, -41), amount: 999, description: "Money from somewhere" });

  const stranger = await call<{ accessToken: string; member: { householdId: string } }>(server.url, "/auth/register", {
    body: {
      email: "stranger@elsewhere.test",
      password: "another-long-password",
      displayName: "Stranger",
      householdName: "Not yours",
    },
  });
  const theirAccount = await call<{ id: string }>(server.url, "/accounts", {
    token: stranger.accessToken,
    body: { name: "Their bank", type: "checking", currency: "USD", openingBalance: 5_000_000 },
  });
  await call(server.url, "/transactions", {
    token: stranger.accessToken,
    body: { accountId: theirAccount.id, date: today, amount: -777_777, description: "Their secret" },
  });

  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  let apiRunning = true;
  const stopApi = async () => {
    if (apiRunning) await server.close();
    apiRunning = false;
  };
  return {
    url: server.url,
    apiKey,
    sealKey,
    householdId: demo.householdId,
    otherHouseholdId: stranger.member.householdId,
    dashboardOrigin: `http://localhost:${dashboardPort}`,
    dashboardPort,
    login: { email: DEMO_EMAILS.alex, password: DEMO_PASSWORD },
    sql,
    server,
    stopApi,
    async stop() {
      await stopApi();
      await sql.end();
      await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    },
  };
}

export interface LoaderRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a loader script as Framework does: its own process, output on stdout. */
export function runLoader(name: string, env: Record<string, string>): Promise<LoaderRun> {
  const child = spawn(resolve(ROOT, "node_modules/.bin/tsx"), [resolve(ROOT, "dashboard/src/data", name)], {
    cwd: resolve(ROOT, "dashboard"),
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((done) => child.on("close", (code) => done({ code, stdout, stderr })));
}
