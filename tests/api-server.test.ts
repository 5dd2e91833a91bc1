import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, runScript } from "./support/process";

// The API process itself, on the real PostgreSQL server, configured as in production.
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
const dbName = `tandem_system_${randomBytes(5).toString("hex")}`;
const dbUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
const DASHBOARD = "https://dash.example.com";

beforeAll(async () => {
  await admin.unsafe(`create database ${dbName}`);
});
afterAll(async () => {
  await admin.unsafe(`drop database if exists ${dbName} with (force)`);
  await admin.end();
});

const productionEnv = (port: number) => ({
  NODE_ENV: "production",
  API_PORT: String(port),
  DATABASE_URL: dbUrl,
  JWT_SECRET: randomBytes(32).toString("hex"),
  DASHBOARD_ORIGIN: DASHBOARD,
  DASHBOARD_SEAL_KEY: randomBytes(32).toString("base64"),
});

describe("the API server process", () => {
  it("migrates Postgres at start, serves /health, and answers CORS only for the dashboard", async () => {
    const port = await freePort();
    const server = runScript("api/src/server.ts", productionEnv(port));
    try {
      const [, url] = await server.waitFor(/^API: (http\S+)$/m);
      const health = await fetch(`${url}/health`);
      expect(await health.json()).toMatchObject({
        status: "ok",
        database: { driver: "postgres" },
        migrations: { current: true },
      });

      const allowed = await fetch(`${url}/health`, { headers: { origin: DASHBOARD } });
      expect(allowed.headers.get("access-control-allow-origin")).toBe(DASHBOARD);
      const refused = await fetch(`${url}/health`, { headers: { origin: "https://evil.example" } });
      expect(refused.headers.get("access-control-allow-origin")).toBeNull();
      const preflight = await fetch(`${url}/transactions`, {
        method: "OPTIONS",
        headers: { origin: "https://evil.example", "access-control-request-method": "GET" },
      });
      expect([...preflight.headers.keys()].filter((h) => h.startsWith("access-control-"))).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it("refuses to start on bad configuration, naming the setting and not echoing secrets", async () => {
    const port = await freePort();
    const server = runScript("api/src/server.ts", {
      ...productionEnv(port),
      JWT_SECRET: "short-secret",
      DASHBOARD_ORIGIN: "not a url",
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain("Invalid configuration");
    expect(server.output()).toContain("JWT_SECRET");
    expect(server.output()).toContain("DASHBOARD_ORIGIN");
    expect(server.output()).not.toContain("short-secret");
  });

  it("refuses to start in production without a database", async () => {
    const port = await freePort();
    const server = runScript("api/src/server.ts", { ...productionEnv(port), DATABASE_URL: "" });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain("DATABASE_URL");
  });

  it("stops at once with a clear message when the database cannot be reached, without its password", async () => {
    const port = await freePort();
    const unreachable = await freePort();
    const server = runScript("api/src/server.ts", {
      ...productionEnv(port),
      DATABASE_URL: `postgres://tandem:hunter2-secret@127.0.0.1:${unreachable}/tandem`,
      DATABASE_CONNECT_TIMEOUT_SECONDS: "2",
    });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(`Cannot open the database at 127.0.0.1:${unreachable}/tandem: ECONNREFUSED`);
    expect(server.output()).not.toContain("hunter2-secret");
  });
});
