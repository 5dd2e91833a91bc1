/**
 * What the tests that run the production API process share: a scratch database on the
 * real PostgreSQL server, the environment production would give the API, and requests
 * on their own connection (as a load balancer's fresh connection would be).
 */
import { randomBytes } from "node:crypto";
import { request as httpRequest } from "node:http";
import type { RunningPlaidEmulator } from "@tandem/infra/plaid-emulator";
import postgres from "postgres";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function scratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const name = `tandem_${prefix}_${randomBytes(5).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  return {
    url: Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * Production settings with fresh secrets; with an emulator, Plaid points at it and its
 * webhooks at this API. Callers override what their test is about.
 */
export function productionEnv(
  port: number,
  databaseUrl: string,
  emulator?: RunningPlaidEmulator,
): Record<string, string> {
  return {
    NODE_ENV: "production",
    API_PORT: String(port),
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString("hex"),
    APP_SECRET_KEY: randomBytes(32).toString("hex"),
    DASHBOARD_ORIGIN: "https://dash.example.com",
    DASHBOARD_SEAL_KEY: randomBytes(32).toString("base64"),
    ...(emulator
      ? {
          PLAID_BASE_URL: emulator.url,
          PLAID_CLIENT_ID: emulator.clientId,
          PLAID_SECRET: emulator.secret,
          PLAID_WEBHOOK_URL: `http://127.0.0.1:${port}/plaid/webhook`,
        }
      : {}),
  };
}

export interface Reply {
  status?: number;
  body?: string;
  /** A network error's code: refused, reset, or the process died while the request was in flight. */
  error?: string;
}

/** One request on its own connection; network failures are answers too, never thrown. */
export function sendOnNewConnection(
  url: string,
  method: string,
  options: { token?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const { body } = options;
  return new Promise((resolve) => {
    const req = httpRequest(
      url,
      {
        method,
        agent: false,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(body !== undefined
            ? { "content-type": "application/json", "content-length": Buffer.byteLength(body) }
            : {}),
          ...options.headers,
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode, body: text }));
        res.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
      },
    );
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    req.end(body);
  });
}
