import { randomBytes } from "node:crypto";
import { type RunningPlaidEmulator, startPlaidEmulator } from "@tandem/infra/plaid-emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, runScript, type Started } from "./support/process";
import { type ScratchDatabase, scratchDatabase } from "./support/production-api";

// The API process in production mode at LOG_LEVEL=debug, through a whole login and bank
// flow; then everything it printed is searched for every secret the flow handled.

const secrets = {
  JWT_SECRET: randomBytes(32).toString("hex"),
  APP_SECRET_KEY: randomBytes(32).toString("hex"),
  DASHBOARD_SEAL_KEY: randomBytes(32).toString("base64"),
};
const passwords = {
  alex: `alex-pass-${randomBytes(6).toString("hex")}`,
  blair: `blair-pass-${randomBytes(6).toString("hex")}`,
};
const emails = { alex: "alex.logs@example.com", blair: "blair.logs@example.com" };

/** Everything the flow is handed that must never be printed; filled in as it goes. */
const mustNotAppear = new Set<string>([...Object.values(secrets), ...Object.values(passwords)]);

let database: ScratchDatabase;
let emulator: RunningPlaidEmulator;
let server: Started;
let api: string;
let output: string;

beforeAll(async () => {
  database = await scratchDatabase("logs");
  emulator = await startPlaidEmulator({
    port: 0,
    seed: 11,
    clientId: `logs-client-${randomBytes(6).toString("hex")}`,
    secret: `logs-secret-${randomBytes(12).toString("hex")}`,
  });
  mustNotAppear.add(emulator.clientId).add(emulator.secret);
  recordIssuedAccessTokens(emulator);

  const port = await freePort();
  server = runScript("api/src/server.ts", {
    NODE_ENV: "production",
    LOG_LEVEL: "debug",
    API_PORT: String(port),
    DATABASE_URL: database.url,
    DASHBOARD_ORIGIN: "https://dash.example.com",
    ...secrets,
    PLAID_CLIENT_ID: emulator.clientId,
    PLAID_SECRET: emulator.secret,
    PLAID_BASE_URL: emulator.url,
    PLAID_WEBHOOK_URL: `http://127.0.0.1:${port}/plaid/webhook`,
    PLAID_MANUAL_SYNC_COOLDOWN_SECONDS: "0",
  });
  [, api] = (await server.waitFor(/^API: (http\S+)$/m)) as [string, string];
  await runFullFlow();
  // Stop first, so the last lines (shutdown included) are in the output.
  await server.stop();
  output = server.output();
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await emulator?.close();
  await database?.drop();
});

/** The emulator hands access tokens only to the API; the test listens in on it to know what to look for. */
function recordIssuedAccessTokens(plaid: RunningPlaidEmulator) {
  const issue = plaid.state.issueAccessToken.bind(plaid.state);
  plaid.state.issueAccessToken = (item) => {
    const token = issue(item);
    mustNotAppear.add(token);
    return token;
  };
}

async function call<T>(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

interface Session {
  accessToken: string;
  refreshToken: string;
}

function remember(session: Session): Session {
  mustNotAppear.add(session.accessToken).add(session.refreshToken);
  return session;
}

async function expectStatus<T>(reply: Promise<{ status: number; body: T }>, status: number): Promise<T> {
  const { status: actual, body } = await reply;
  expect(actual, JSON.stringify(body)).toBe(status);
  return body;
}

async function emulatorControl<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${emulator.url}/__emulator${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok, path).toBe(true);
  return (await response.json()) as T;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface Item {
  id: string;
  lastSuccessAt: string | null;
}

async function runFullFlow() {
  const alex = remember(
    await expectStatus(
      call<Session>("POST", "/auth/register", {
        body: {
          email: emails.alex,
          password: passwords.alex,
          displayName: "Alex",
          householdName: "Logs household",
        },
      }),
      201,
    ),
  );
  const login = remember(
    await expectStatus(
      call<Session>("POST", "/auth/login", { body: { email: emails.alex, password: passwords.alex } }),
      200,
    ),
  );
  await expectStatus(
    call("POST", "/auth/login", { body: { email: emails.alex, password: `${passwords.alex}-wrong` } }),
    401,
  );
  const refreshed = remember(
    await expectStatus(call<Session>("POST", "/auth/refresh", { body: { refreshToken: login.refreshToken } }), 200),
  );

  const { inviteToken } = await expectStatus(
    call<{ inviteToken: string }>("POST", "/invites", { token: alex.accessToken }),
    201,
  );
  mustNotAppear.add(inviteToken);
  remember(
    await expectStatus(
      call<Session>("POST", "/auth/join", {
        body: { inviteToken, email: emails.blair, password: passwords.blair, displayName: "Blair" },
      }),
      201,
    ),
  );

  const { key } = await expectStatus(
    call<{ key: string }>("POST", "/api-keys", { token: refreshed.accessToken, body: { name: "dashboard" } }),
    201,
  );
  mustNotAppear.add(key);
  await expectStatus(call("GET", "/accounts", { token: key }), 200);
  // A token in a query string (as a careless client might send it) must not reach the log either.
  await expectStatus(call("GET", `/accounts?access_token=${refreshed.accessToken}`, { token: key }), 200);

  // Link a bank the way the dashboard does: link token → Link (the emulator's stand-in) → exchange.
  const { linkToken } = await expectStatus(
    call<{ linkToken: string }>("POST", "/plaid/link-token", { token: refreshed.accessToken, body: {} }),
    200,
  );
  mustNotAppear.add(linkToken);
  const { public_token: publicToken } = await emulatorControl<{ public_token: string }>("/link/complete", {
    link_token: linkToken,
  });
  mustNotAppear.add(publicToken);
  const item = await expectStatus(
    call<Item>("POST", "/plaid/exchange", { token: refreshed.accessToken, body: { publicToken } }),
    201,
  );
  await waitFor("the first sync", async () => {
    const { body } = await call<{ items: Item[] }>("GET", "/plaid/items", { token: refreshed.accessToken });
    return body.items.find((i) => i.id === item.id && i.lastSuccessAt) ?? undefined;
  });
  const transactions = await call<{ items: unknown[] }>("GET", "/transactions?limit=5", { token: key });
  expect(transactions.body.items.length).toBeGreaterThan(0);

  // A day passes at the bank: the emulator sends a signed SYNC_UPDATES_AVAILABLE to the API.
  await emulatorControl("/advance", { days: 1 });
  await emulatorControl("/webhooks/idle", {});
  const { deliveries } = await emulatorControl<{
    deliveries: { webhook_code: string; status: number | null; verification: string }[];
  }>("/webhooks");
  for (const delivery of deliveries) mustNotAppear.add(delivery.verification);
  expect(deliveries).toContainEqual(expect.objectContaining({ webhook_code: "SYNC_UPDATES_AVAILABLE", status: 200 }));

  await expectStatus(call("POST", `/plaid/items/${item.id}/sync`, { token: refreshed.accessToken }), 200);
  await expectStatus(call("POST", "/auth/logout", { body: { refreshToken: refreshed.refreshToken } }), 204);
}

const jsonLines = () =>
  output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("the API's logs through a full login, bank link and sync flow", () => {
  it("contain no password, token, key or secret the flow handled", () => {
    expect(mustNotAppear.size).toBeGreaterThan(15);
    for (const secret of mustNotAppear) {
      expect(output.includes(secret), `a secret starting ${secret.slice(0, 8)} is in the output`).toBe(false);
    }
    expect(output).not.toMatch(/access-sandbox-|public-sandbox-|link-sandbox-|tdm_(rt|ro|inv)_\w{20}|Bearer \w/);
    // No emails either: requests are traced by ids.
    expect(output).not.toContain(emails.alex);
    expect(output).not.toContain(emails.blair);
  });

  it("are JSON lines with a request line for every request, by request id, without query strings", () => {
    const lines = jsonLines();
    const requests = lines.filter((line) => line.message === "request");
    expect(requests.every((line) => typeof line.requestId === "string" && line.requestId !== "")).toBe(true);
    expect(requests).toContainEqual(expect.objectContaining({ method: "POST", path: "/auth/login", status: 200 }));
    expect(requests).toContainEqual(expect.objectContaining({ path: "/auth/login", status: 401, level: "info" }));
    expect(requests).toContainEqual(
      expect.objectContaining({ path: "/accounts", status: 200, principal: "apiKey", apiKeyId: expect.any(String) }),
    );
    expect(requests.some((line) => String(line.path).includes("?"))).toBe(false);
    expect(new Set(requests.map((line) => line.requestId)).size).toBe(requests.length);
  });

  it("show the bank's sync, the webhook that asked for it and the manual one", () => {
    const requests = jsonLines().filter((line) => line.message === "request");
    expect(requests).toContainEqual(
      expect.objectContaining({ path: "/plaid/exchange", status: 201, principal: "member" }),
    );
    expect(requests).toContainEqual(expect.objectContaining({ method: "POST", path: "/plaid/webhook", status: 200 }));
    expect(requests).toContainEqual(
      expect.objectContaining({ path: expect.stringMatching(/^\/plaid\/items\/[^/]+\/sync$/), status: 200 }),
    );
    const syncs = jsonLines().filter((line) => line.message === "plaid sync finished");
    expect(syncs.map((line) => line.trigger)).toEqual(expect.arrayContaining(["link", "webhook", "manual"]));
  });
});
