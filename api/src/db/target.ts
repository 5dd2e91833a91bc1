import type { Env } from "../env";
import type { DatabaseTarget } from "./client";

/** Postgres with the configured pool when DATABASE_URL is set; embedded PGlite otherwise. */
export function databaseTarget(env: Env): DatabaseTarget {
  if (!env.DATABASE_URL) return { pgliteDir: env.PGLITE_DIR };
  return {
    url: env.DATABASE_URL,
    pool: {
      max: env.DATABASE_POOL_MAX,
      connectTimeoutSeconds: env.DATABASE_CONNECT_TIMEOUT_SECONDS,
      idleTimeoutSeconds: env.DATABASE_IDLE_TIMEOUT_SECONDS,
    },
  };
}
