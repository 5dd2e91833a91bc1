import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { inject } from "vitest";
import { type App, createApp } from "../src/app";
import { createTokenIssuer } from "../src/auth/tokens";
import { type DatabaseHandle, openDatabase } from "../src/db/client";
import type { AppDeps } from "../src/lib/types";
import { ADMIN_URL, databaseUrl, unreachable } from "./setup/admin";

/**
 * Each test file gets its own database: a fresh Postgres database on the real server
 * (TEST_DB=postgres) or an in-memory PGlite (TEST_DB=pglite). Postgres being down is
 * a failure, never a skip, so a green run always means the real server was used.
 */
export const TEST_DB = (process.env.TEST_DB ?? "postgres") as "postgres" | "pglite";

/** A database of its own for one test file, dropped by `drop`. */
async function createPostgresDatabase(template: string | null): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const name = `tandem_test_${randomBytes(6).toString("hex")}`;
  try {
    await admin.unsafe(template ? `create database ${name} template ${template}` : `create database ${name}`);
  } catch (error) {
    await admin.end();
    throw unreachable(error);
  }
  return {
    url: databaseUrl(name),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export interface TestDatabase {
  handle: DatabaseHandle;
  url?: string;
  close(): Promise<void>;
}

/**
 * Each test file gets its own database: a copy of the migrated Postgres template
 * (TEST_DB=postgres) or an in-memory PGlite loaded from the migrated snapshot
 * (TEST_DB=pglite); see test/setup. `migrate: false` starts empty instead, for tests
 * that apply migrations themselves.
 */
export async function createTestDatabase({ migrate = true } = {}): Promise<TestDatabase> {
  if (TEST_DB === "pglite") {
    const snapshot = migrate ? new Blob([readFileSync(inject("pgliteSnapshot"))]) : undefined;
    const handle = await openDatabase({ pgliteDir: "memory://", loadDataDir: snapshot });
    return { handle, close: () => handle.close() };
  }
  const { url, drop } = await createPostgresDatabase(migrate ? inject("postgresTemplate") : null);
  const handle = await openDatabase({ url, pool: { max: 5 } });
  return {
    handle,
    url,
    close: async () => {
      await handle.close();
      await drop();
    },
  };
}

export interface TestClock {
  now(): Date;
  set(date: Date): void;
  advance(ms: number): void;
}

export function createClock(start = new Date()): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (date) => {
      current = date.getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestApi {
  /** The app itself, for tests that serve it over real HTTP. */
  app: App;
  deps: AppDeps;
  clock: TestClock;
  database: TestDatabase;
  request<T = unknown>(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Reply<T>>;
  close(): Promise<void>;
}

export async function createTestApi(
  overrides: Partial<AppDeps["config"]> = {},
  withDeps: (base: Pick<AppDeps, "db" | "now">) => Partial<AppDeps> = () => ({}),
): Promise<TestApi> {
  const database = await createTestDatabase();
  const clock = createClock();
  const extra = withDeps({ db: database.handle.db, now: clock.now });
  const deps: AppDeps = {
    db: database.handle.db,
    database: database.handle,
    tokens: createTokenIssuer("test-secret-that-is-at-least-32-characters", 900),
    config: {
      dashboardOrigins: ["http://dashboard.test"],
      accessTokenTtlSeconds: 900,
      refreshTokenTtlDays: 30,
      inviteTtlHours: 72,
      trustedProxyHops: 0,
      version: "test",
      dashboardSealKey: new Uint8Array(randomBytes(32)),
      // Test files sign up and sign in far more than people do; test/rate-limits.test.ts passes 1.
      rateLimitScale: 1000,
      ...overrides,
    },
    plaid: null,
    now: clock.now,
    ...extra,
  };
  const app = createApp(deps);
  return {
    app,
    deps,
    clock,
    database,
    async request(method, path, { token, body, headers = {} } = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (token) (init.headers as Record<string, string>).authorization = `Bearer ${token}`;
      if (body !== undefined) {
        (init.headers as Record<string, string>)["content-type"] ??= "application/json";
        init.body = typeof body === "string" ? body : JSON.stringify(body);
      }
      const response = await app.request(path, init);
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, body: parsed as never, headers: response.headers };
    },
    close: () => database.close(),
  };
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString("hex")}`;
export const PASSWORD = "correct horse battery staple";

export interface SessionBody {
  accessToken: string;
  refreshToken: string;
  member: { id: string; householdId: string; email: string };
}

/** A household of two, signed in: the way most tests begin. */
export async function createHousehold(api: TestApi, name = "Home") {
  const first = await api.request<SessionBody>("POST", "/auth/register", {
    body: { email: `a-${unique()}@example.com`, password: PASSWORD, displayName: "Alex", householdName: name },
  });
  if (first.status !== 201) throw new Error(`register failed: ${JSON.stringify(first.body)}`);
  const invite = await api.request<{ inviteToken: string }>("POST", "/invites", { token: first.body.accessToken });
  const second = await api.request<SessionBody>("POST", "/auth/join", {
    body: {
      inviteToken: invite.body.inviteToken,
      email: `b-${unique()}@example.com`,
      password: PASSWORD,
      displayName: "Blair",
    },
  });
  if (second.status !== 201) throw new Error(`join failed: ${JSON.stringify(second.body)}`);
  return { alex: first.body, blair: second.body, householdId: first.body.member.householdId };
}

export async function createAccount(api: TestApi, token: string, body: Record<string, unknown> = {}) {
  const reply = await api.request<{ id: string; currency: string }>("POST", "/accounts", {
    token,
    body: { name: "Joint checking", type: "checking", currency: "USD", ...body },
  });
  if (reply.status !== 201) throw new Error(`account failed: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** Every page of a keyset-paged list, following nextCursor to the end. */
export async function allPages<T>(api: TestApi, path: string, token: string): Promise<T[]> {
  const seen: T[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `${path.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(cursor)}` : "";
    const page: Reply<{ items: T[]; nextCursor: string | null }> = await api.request("GET", `${path}${suffix}`, {
      token,
    });
    if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}: ${JSON.stringify(page.body)}`);
    seen.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return seen;
}
