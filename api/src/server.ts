import { readFileSync } from "node:fs";
import { serve } from "@hono/node-server";
import { parseSealMasterKey } from "@tandem/shared";
import { createApp } from "./app";
import { createTokenIssuer, randomSecret } from "./auth/tokens";
import { rateProviderFromEnv } from "./currency/provider";
import { createRebuildHook } from "./dashboard/rebuild-hook";
import { type DatabaseHandle, openDatabase } from "./db/client";
import { ConfigError, type Env, listenPort, loadEnv } from "./env";
import { log } from "./lib/log";
import type { AppDeps } from "./lib/types";
import { startNotificationJob } from "./notifications/job";
import { plaidServiceFromEnv } from "./plaid/from-env";
import { startPeriodicSync } from "./plaid/periodic";
import { startRecurringJob } from "./recurring/job";
import { startMonthlyReportJob } from "./reports/job";

const VERSION: string = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version;

export function buildDeps(env: Env, handle: DatabaseHandle): AppDeps {
  if (!env.JWT_SECRET) log("warn", "JWT_SECRET is not set; using a random one, so sessions end when the API restarts");
  if (!env.DASHBOARD_SEAL_KEY) log("warn", "DASHBOARD_SEAL_KEY is not set; the dashboard cannot unseal its data");
  const now = () => new Date();
  const rebuildHook = env.DASHBOARD_DEPLOY_HOOK_URL
    ? createRebuildHook({
        url: env.DASHBOARD_DEPLOY_HOOK_URL,
        intervalMs: env.DASHBOARD_REBUILD_INTERVAL_MINUTES * 60_000,
        log,
      })
    : null;
  return {
    db: handle.db,
    database: handle,
    tokens: createTokenIssuer(env.JWT_SECRET ?? randomSecret(), env.ACCESS_TOKEN_TTL_SECONDS),
    config: {
      dashboardOrigins: env.DASHBOARD_ORIGIN,
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
      inviteTtlHours: env.INVITE_TTL_HOURS,
      trustedProxyHops: env.TRUSTED_PROXY_HOPS,
      dashboardSealKey: env.DASHBOARD_SEAL_KEY ? parseSealMasterKey(env.DASHBOARD_SEAL_KEY) : null,
      version: process.env.RENDER_GIT_COMMIT ? `${VERSION}+${process.env.RENDER_GIT_COMMIT.slice(0, 7)}` : VERSION,
    },
    plaid: plaidServiceFromEnv(env, handle.db, now, () => rebuildHook?.changed()),
    rebuildHook,
    rateProvider: rateProviderFromEnv(env),
    now,
  };
}

export interface RunningServer {
  url: string;
  handle: DatabaseHandle;
  deps: AppDeps;
  close(): Promise<void>;
}

export class PortInUseError extends Error {}

/** Opens the database, migrates, and listens. Resolves once the port is bound. */
export async function startServer(env: Env, options: { hostname?: string } = {}): Promise<RunningServer> {
  const handle = await openDatabase(
    env.DATABASE_URL ? { url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX } : { pgliteDir: env.PGLITE_DIR },
  );
  await handle.migrate();
  const deps = buildDeps(env, handle);
  const app = createApp(deps);
  const port = listenPort(env);
  const hostname = options.hostname ?? "0.0.0.0";
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s));
    s.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new PortInUseError(`Port ${port} is already in use; set API_PORT to a free port`)
          : error,
      );
    });
  });
  const address = server.address();
  const boundPort = typeof address === "object" && address ? address.port : port;
  const stopPeriodicSync = deps.plaid
    ? startPeriodicSync(handle.db, deps.plaid, env.PLAID_SYNC_INTERVAL_MINUTES)
    : () => {};
  // Recurring templates: due occurrences become transactions (idempotent, safe on every instance).
  const stopRecurringJob = startRecurringJob(handle.db, deps.now);
  // Settle-up reminders, daily (once per month and currency however often it runs).
  const stopNotificationJob = startNotificationJob(handle.db, deps.now);
  // Last month's report is kept for every household, so its history is there unasked.
  const stopMonthlyReportJob = startMonthlyReportJob(handle.db, deps.now);
  return {
    url: `http://localhost:${boundPort}`,
    handle,
    deps,
    async close() {
      // Stop taking requests, let a running sync finish (it is one transaction), then close the pool.
      stopPeriodicSync();
      await stopRecurringJob();
      await stopNotificationJob();
      await stopMonthlyReportJob();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.plaid?.queue.idle();
      await deps.rebuildHook?.stop();
      await handle.close();
    },
  };
}

const isEntry = import.meta.url === `file://${process.argv[1]}`;
if (isEntry) {
  try {
    const running = await startServer(loadEnv());
    console.log(`API: ${running.url}`);
    const stop = async () => {
      await running.close();
      process.exit(0);
    };
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  } catch (error) {
    console.error(error instanceof ConfigError || error instanceof PortInUseError ? error.message : error);
    process.exit(1);
  }
}
