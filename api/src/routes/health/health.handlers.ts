import type { Health } from "@tandem/shared";
import { sql } from "drizzle-orm";
import type { AppRouteHandler } from "../../lib/openapi";
import type { getHealth } from "./health.routes";

const PING_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), ms).unref()),
  ]);
}

export const health: AppRouteHandler<typeof getHealth> = async (c) => {
  const { db, database, config, now } = c.var.deps;
  const started = performance.now();
  let latencyMs: number | null = null;
  let migrations = { current: false, applied: 0, expected: 0 };
  try {
    await withTimeout(db.execute(sql`select 1`), PING_TIMEOUT_MS);
    latencyMs = Math.round((performance.now() - started) * 100) / 100;
    const status = await withTimeout(database.migrationStatus(), PING_TIMEOUT_MS);
    migrations = { ...status, current: status.applied >= status.expected };
  } catch {
    // The reason stays in server logs; /health is public and says only what is down.
  }
  const reachable = latencyMs !== null;
  const body: Health = {
    status: !reachable ? "down" : migrations.current ? "ok" : "degraded",
    version: config.version,
    time: now().toISOString(),
    database: { reachable, latencyMs, driver: database.driver },
    migrations,
    plaid: { items: [] },
  };
  c.header("Cache-Control", "no-store");
  return body.status === "ok" ? c.json(body, 200) : c.json(body, 503);
};
