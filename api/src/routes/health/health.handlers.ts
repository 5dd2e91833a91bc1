import type { Health } from "@tandem/shared";
import { ne, sql } from "drizzle-orm";
import type { Database } from "../../db/client";
import { plaidItems } from "../../db/schema";
import { jobStates } from "../../jobs/status";
import type { AppRouteHandler } from "../../lib/openapi";
import { needsRelogin } from "../../plaid/items";
import type { getHealth } from "./health.routes";

const PING_TIMEOUT_MS = 2_000;
const NO_REBUILD_HOOK: Health["dashboardRebuild"] = {
  configured: false,
  pending: false,
  lastCalledAt: null,
  lastSucceededAt: null,
  lastError: null,
};

/**
 * Sync state per linked bank. /health is public, so it names no bank and no household:
 * an opaque id, times, and Plaid's error code (never its message).
 */
async function itemSyncStates(db: Database): Promise<Health["plaid"]["items"]> {
  const rows = await db
    .select()
    .from(plaidItems)
    .where(ne(plaidItems.status, "removed"))
    .orderBy(plaidItems.createdAt)
    .limit(100);
  return rows.map((item) => ({
    id: item.id,
    institution: null,
    lastSuccessAt: item.lastSuccessAt?.toISOString() ?? null,
    lastErrorAt: item.lastErrorAt?.toISOString() ?? null,
    lastError: item.errorCode,
    needsRelogin: needsRelogin(item.status),
  }));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), ms).unref()),
  ]);
}

export const health: AppRouteHandler<typeof getHealth> = async (c) => {
  const { db, database, config, now, rebuildHook } = c.var.deps;
  const started = performance.now();
  let latencyMs: number | null = null;
  let migrations = { current: false, applied: 0, expected: 0 };
  let items: Health["plaid"]["items"] = [];
  let jobs: Health["jobs"] = [];
  try {
    await withTimeout(db.execute(sql`select 1`), PING_TIMEOUT_MS);
    latencyMs = Math.round((performance.now() - started) * 100) / 100;
    const status = await withTimeout(database.migrationStatus(), PING_TIMEOUT_MS);
    migrations = { ...status, current: status.applied >= status.expected };
    if (migrations.current) {
      [items, jobs] = await withTimeout(Promise.all([itemSyncStates(db), jobStates(db, now())]), PING_TIMEOUT_MS);
    }
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
    plaid: { items },
    dashboardRebuild: rebuildHook?.status() ?? NO_REBUILD_HOOK,
    jobs,
  };
  c.header("Cache-Control", "no-store");
  return body.status === "ok" ? c.json(body, 200) : c.json(body, 503);
};
