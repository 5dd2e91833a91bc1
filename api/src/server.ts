import { readFileSync } from "node:fs";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { serve } from "@hono/node-server";
import { parseSealMasterKey } from "@tandem/shared";
import { createApp } from "./app";
import { createTokenIssuer, randomSecret } from "./auth/tokens";
import { rateProviderFromEnv } from "./currency/provider";
import { createRebuildHook } from "./dashboard/rebuild-hook";
import { type DatabaseHandle, describeDatabaseUrl, openDatabase } from "./db/client";
import { databaseTarget } from "./db/target";
import { ConfigError, type Env, listenPort, loadEnv } from "./env";
import { tandemJobs } from "./jobs/schedule";
import { createScheduler, type Scheduler } from "./jobs/scheduler";
import { describeError, log } from "./lib/log";
import type { AppDeps } from "./lib/types";
import { plaidServiceFromEnv } from "./plaid/from-env";

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
      rateLimitScale: env.RATE_LIMIT_SCALE,
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
  scheduler: Scheduler;
  /** Graceful: stop accepting, finish in-flight requests and running work, close the pool. */
  close(): Promise<void>;
}

export class PortInUseError extends Error {}
/** Startup could not reach or migrate the database; the message names where, never the credentials. */
export class DatabaseStartupError extends Error {}

// Claims are cheap; a due job waits at most this long for an instance to pick it up.
const SCHEDULER_TICK_MS = 30_000;

async function openMigratedDatabase(env: Env): Promise<DatabaseHandle> {
  const handle = await openDatabase(databaseTarget(env));
  try {
    await handle.migrate();
    return handle;
  } catch (error) {
    await handle.close().catch(() => {});
    const where = env.DATABASE_URL ? describeDatabaseUrl(env.DATABASE_URL) : env.PGLITE_DIR;
    const { code, reason } = describeError(error) as { code?: string; reason?: string };
    throw new DatabaseStartupError(`Cannot open the database at ${where}: ${code ?? reason ?? "unknown error"}`);
  }
}

function listen(app: ReturnType<typeof createApp>, port: number, hostname: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    // serve() makes a plain node:http server unless told to use http2.
    const server = serve({ fetch: app.fetch, port, hostname }, () => resolve(server)) as Server;
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new PortInUseError(`Port ${port} is already in use; set API_PORT to a free port`)
          : error,
      );
    });
  });
}

/** Resolves when `work` settles or `ms` pass, whichever is first; says which. */
async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const finished = await Promise.race([work.then(() => true as const), timeout]);
  clearTimeout(timer);
  return finished;
}

/** Opens the database, migrates, and listens. Resolves once the port is bound. */
export async function startServer(env: Env, options: { hostname?: string } = {}): Promise<RunningServer> {
  const handle = await openMigratedDatabase(env);
  const deps = buildDeps(env, handle);
  const app = createApp(deps);
  const port = listenPort(env);
  const server = await listen(app, port, options.hostname ?? "0.0.0.0").catch(async (error) => {
    await handle.close();
    throw error;
  });
  let draining = false;
  // Responses written while draining close their connection, so keep-alive clients reconnect elsewhere.
  server.on("request", (_request: IncomingMessage, response: ServerResponse) => {
    if (draining) response.setHeader("Connection", "close");
  });
  const address = server.address();
  const boundPort = typeof address === "object" && address ? address.port : port;
  const scheduler = createScheduler({
    db: handle.db,
    jobs: tandemJobs(deps, env.PLAID_SYNC_INTERVAL_MINUTES),
    now: deps.now,
    tickMs: SCHEDULER_TICK_MS,
  });

  async function drain() {
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive sockets would hold close() open; busy ones close after their response.
    server.closeIdleConnections();
    const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
    await Promise.all([closed.finally(() => clearInterval(idleSweep)), scheduler.stop()]);
    // Requests that were in flight may have queued syncs (a webhook): those finish too.
    await deps.plaid?.queue.idle();
    await deps.rebuildHook?.stop();
  }

  let closing: Promise<void> | null = null;
  return {
    url: `http://localhost:${boundPort}`,
    handle,
    deps,
    scheduler,
    close() {
      closing ??= (async () => {
        const drained = await within(env.SHUTDOWN_TIMEOUT_SECONDS * 1000, drain());
        // Past the deadline a running sync is cut off with the pool: it is one database
        // transaction, so Postgres rolls it back whole and the next sync redoes it.
        if (!drained) log("error", "shutdown deadline passed; closing with work still running");
        server.closeAllConnections();
        await handle.close();
      })();
      return closing;
    },
  };
}

const isEntry = import.meta.url === `file://${process.argv[1]}`;
if (isEntry) {
  try {
    const running = await startServer(loadEnv());
    console.log(`API: ${running.url}`);
    const stop = async (signal: string) => {
      log("info", "shutting down", { signal });
      await running.close();
      log("info", "shut down");
      process.exit(0);
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  } catch (error) {
    const expected =
      error instanceof ConfigError || error instanceof PortInUseError || error instanceof DatabaseStartupError;
    console.error(expected ? (error as Error).message : error);
    process.exit(1);
  }
}
