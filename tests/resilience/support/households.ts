/**
 * A real API (in-process, as production builds it) on a fresh PostgreSQL database with the
 * Plaid emulator, and two households, A and B, each holding every kind of credential and a
 * row of every resource that has a `/x/{id}` route. Everything is made through HTTP, as a
 * user would, except a notification (nothing a member does raises one cheaply), which is
 * inserted the way the API's own notify() does.
 */
import { randomBytes } from "node:crypto";
import { loadEnv, type RunningServer, startServer } from "@tandem/api";
import { type RunningPlaidEmulator, startPlaidEmulator } from "@tandem/infra/plaid-emulator";
import postgres from "postgres";
import { freePort } from "../../support/process";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PASSWORD = "a-long-enough-password";

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface Household {
  label: "A" | "B";
  householdId: string;
  memberId: string;
  partnerId: string;
  email: string;
  /** A member's access token (household's first member). */
  token: string;
  refreshToken: string;
  /** The same member's token, correctly signed, whose `exp` has passed. */
  expiredToken: string;
  /** A read-only API key (`tdm_ro_…`): the only scope the API has. */
  apiKey: string;
  apiKeyId: string;
  /** The household's own row for each `/x/{id}` collection (e.g. "/accounts" → id). */
  rows: Record<string, string>;
  /** Strings only this household's data contains, to look for in the other's responses. */
  marks: string[];
}

export interface Households {
  url: string;
  server: RunningServer;
  emulator: RunningPlaidEmulator;
  sql: postgres.Sql;
  a: Household;
  b: Household;
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<Reply<T>>;
  /** Row count of every table in the public schema. */
  rowCounts(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export interface RequestOptions {
  token?: string;
  /** An object is sent as JSON; a string is sent as is (with the given or a JSON content type). */
  body?: unknown;
  headers?: Record<string, string>;
}

export async function request<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  { token, body, headers = {} }: RequestOptions = {},
): Promise<Reply<T>> {
  const init: RequestInit = { method, headers: { ...headers } };
  const sent = init.headers as Record<string, string>;
  if (token) sent.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    sent["content-type"] ??= "application/json";
    init.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  const response = await fetch(`${baseUrl}${path}`, init);
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a CSV export, a redirect page): kept as text.
  }
  return { status: response.status, headers: response.headers, text, body: parsed as T };
}

function claimsOf(token: string): { sub: string; hid: string; sid: string } {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));
}

interface Session {
  accessToken: string;
  refreshToken: string;
  member: { id: string; householdId: string };
}

async function expect2xx<T>(reply: Promise<Reply<T>>, what: string): Promise<T> {
  const { status, body } = await reply;
  if (status >= 300) throw new Error(`${what} answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

async function makeHousehold(
  api: Pick<Households, "request">,
  server: RunningServer,
  emulator: RunningPlaidEmulator,
  sql: postgres.Sql,
  label: "A" | "B",
): Promise<Household> {
  const tag = `${label}-${randomBytes(3).toString("hex")}`;
  const call = <T>(method: string, path: string, token: string | undefined, body?: unknown) =>
    expect2xx<T>(api.request<T>(method, path, { ...(token ? { token } : {}), body }), `${method} ${path}`);
  const email = `first-${tag.toLowerCase()}@household.test`;
  const first = await call<Session>("POST", "/auth/register", undefined, {
    email,
    password: PASSWORD,
    displayName: `First of ${tag}`,
    householdName: `Household ${tag}`,
  });
  const token = first.accessToken;
  const invite = await call<{ inviteToken: string }>("POST", "/invites", token);
  const second = await call<Session>("POST", "/auth/join", undefined, {
    inviteToken: invite.inviteToken,
    email: `second-${tag.toLowerCase()}@household.test`,
    password: PASSWORD,
    displayName: `Second of ${tag}`,
  });

  const account = await call<{ id: string }>("POST", "/accounts", token, {
    name: `Checking ${tag}`,
    type: "checking",
    currency: "USD",
    openingBalance: 123_456,
  });
  const category = await call<{ id: string }>("POST", "/categories", token, { name: `Category ${tag}` });
  const transaction = await call<{ id: string }>("POST", "/transactions", token, {
    accountId: account.id,
    date: "2026-03-01",
    amount: -4_321,
    description: `Groceries ${tag}`,
    categoryId: category.id,
  });
  const rule = await call<{ id: string }>("POST", "/rules", token, {
    name: `Rule ${tag}`,
    conditions: [{ field: "description", op: "contains", value: `Groceries ${tag}` }],
    actions: [{ type: "setCategory", categoryId: category.id }],
  });
  const budget = await call<{ id: string }>("POST", "/budgets", token, {
    amount: 50_000,
    period: "monthly",
    startDate: "2026-01-01",
    categoryId: category.id,
  });
  const goal = await call<{ id: string }>("POST", "/goals", token, { name: `Goal ${tag}`, targetAmount: 100_000 });
  const recurring = await call<{ id: string }>("POST", "/recurring", token, {
    accountId: account.id,
    amount: -5_000,
    description: `Rent ${tag}`,
    cadence: "monthly",
    startDate: "2026-03-01",
  });
  const settlement = await call<{ id: string }>("POST", "/settlements", token, { amount: 100 });
  const key = await call<{ id: string; key: string }>("POST", "/api-keys", token, { name: `Key ${tag}` });
  // A linked bank with a short history, so every listing of it stays on its first page.
  const item = emulator.state.createItem({ institutionId: "ins_109508", transactions: 5 });
  const plaid = await call<{ id: string }>("POST", "/plaid/exchange", token, {
    publicToken: emulator.state.issuePublicToken(item),
  });
  await server.deps.plaid?.queue.idle();
  // The row notify() would write: one per member, so both members have one to mark read.
  const [notification] = await sql<{ id: string }[]>`
    insert into notifications (household_id, user_id, kind, topic, dedupe_key, title, body)
    select household_id, id, 'test', 'budget', ${`dedupe-${tag}`}, ${`Notice ${tag}`}, ${`Body ${tag}`}
      from users where household_id = ${first.member.householdId} and id = ${first.member.id}
    returning id`;

  const claims = claimsOf(token);
  const ttl = server.deps.config.accessTokenTtlSeconds;
  const { token: expiredToken } = await server.deps.tokens.issueAccess(
    { userId: claims.sub, householdId: claims.hid, sessionId: claims.sid },
    new Date(Date.now() - (ttl + 120) * 1000),
  );

  return {
    label,
    householdId: first.member.householdId,
    memberId: first.member.id,
    partnerId: second.member.id,
    email,
    token,
    refreshToken: first.refreshToken,
    expiredToken,
    apiKey: key.key,
    apiKeyId: key.id,
    rows: {
      "/accounts": account.id,
      "/categories": category.id,
      "/transactions": transaction.id,
      "/rules": rule.id,
      "/budgets": budget.id,
      "/goals": goal.id,
      "/recurring": recurring.id,
      "/settlements": settlement.id,
      "/api-keys": key.id,
      "/plaid/items": plaid.id,
      "/notifications": notification!.id,
    },
    marks: [tag, first.member.householdId, first.member.id, second.member.id],
  };
}

export async function startHouseholds(): Promise<Households> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const dbName = `tandem_resilience_${randomBytes(5).toString("hex")}`;
  await admin.unsafe(`create database ${dbName}`);
  const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
  const emulator = await startPlaidEmulator({ seed: 9 });
  const apiPort = await freePort();
  const server = await startServer(
    loadEnv({
      NODE_ENV: "test",
      API_PORT: String(apiPort),
      // Thousands of requests from one address in a minute: the limits are not under test here.
      RATE_LIMIT_SCALE: "10000",
      PLAID_CLIENT_ID: emulator.clientId,
      PLAID_SECRET: emulator.secret,
      PLAID_BASE_URL: emulator.url,
      PLAID_WEBHOOK_URL: `http://127.0.0.1:${apiPort}/plaid/webhook`,
      APP_SECRET_KEY: randomBytes(32).toString("base64url"),
      DATABASE_URL: databaseUrl,
      JWT_SECRET: randomBytes(32).toString("hex"),
      DASHBOARD_ORIGIN: "http://localhost:1",
      DASHBOARD_SEAL_KEY: randomBytes(32).toString("base64"),
    }),
    { hostname: "127.0.0.1" },
  );
  const url = `http://127.0.0.1:${apiPort}`;
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const api = {
    request: <T>(method: string, path: string, options?: RequestOptions) => request<T>(url, method, path, options),
  };
  const a = await makeHousehold(api, server, emulator, sql, "A");
  const b = await makeHousehold(api, server, emulator, sql, "B");

  async function rowCounts() {
    const tables = await sql<{ name: string }[]>`
      select table_name as name from information_schema.tables
       where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`;
    const counts: Record<string, number> = {};
    // One round trip: a union of counts.
    const union = tables
      .map(({ name }) => `select '${name}' as name, count(*)::int as n from "${name}"`)
      .join(" union all ");
    for (const row of await sql.unsafe<{ name: string; n: number }[]>(union)) counts[row.name] = row.n;
    return counts;
  }

  return {
    url,
    server,
    emulator,
    sql,
    a,
    b,
    request: api.request,
    rowCounts,
    async stop() {
      await server.close();
      await emulator.close();
      await sql.end();
      await admin.unsafe(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    },
  };
}
