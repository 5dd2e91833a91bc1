import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema";

// Both drivers speak the same Postgres dialect; the app is typed against one.
export type Database = PostgresJsDatabase<typeof schema>;
export type Driver = "postgres" | "pglite";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../drizzle", import.meta.url));
// Arbitrary but fixed: serialises migrations when several processes start at once.
const MIGRATION_LOCK_KEY = 72_616_401;

export interface DatabaseHandle {
  db: Database;
  driver: Driver;
  /** Applies the pending migrations (of another folder too: tests stop at an earlier one). */
  migrate(options?: { migrationsFolder?: string }): Promise<void>;
  migrationStatus(): Promise<{ applied: number; expected: number }>;
  close(): Promise<void>;
}

export interface PoolSettings {
  max: number;
  connectTimeoutSeconds: number;
  idleTimeoutSeconds: number;
}

export type DatabaseTarget = { url: string; pool?: Partial<PoolSettings> } | { pgliteDir: string; loadDataDir?: Blob };

const DEFAULT_POOL: PoolSettings = { max: 10, connectTimeoutSeconds: 10, idleTimeoutSeconds: 60 };

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if ("url" in target) return openPostgres(target.url, { ...DEFAULT_POOL, ...target.pool });
  return (await openPgliteClient(target.pgliteDir, target.loadDataDir)).handle;
}

/** Where a connection string points, without its credentials: for messages about it. */
export function describeDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

/**
 * Drizzle runs every query through postgres.js `unsafe()`, which by default re-parses
 * and asks the server to describe each statement first: two round trips a query. Named
 * prepared statements make repeat queries one round trip. Custom plans are kept, so a
 * skewed filter (a rare search term) is still planned for its actual value.
 */
function preparing(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== "unsafe") return Reflect.get(target, property, receiver);
      return (query: string, args?: unknown[], options?: postgres.UnsafeQueryOptions) =>
        target.unsafe(query, args as never, { prepare: true, ...options });
    },
  });
}

function openPostgres(url: string, pool: PoolSettings): DatabaseHandle {
  const client = postgres(url, {
    max: pool.max,
    connect_timeout: pool.connectTimeoutSeconds,
    idle_timeout: pool.idleTimeoutSeconds,
    onnotice: () => {},
    connection: { application_name: "tandem-api", plan_cache_mode: "force_custom_plan" },
  });
  const db = drizzlePostgres(preparing(client), { schema });
  return {
    db,
    driver: "postgres",
    async migrate({ migrationsFolder = MIGRATIONS_FOLDER } = {}) {
      // One dedicated connection, so the session-level lock covers every migration statement.
      const locker = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: pool.connectTimeoutSeconds });
      try {
        await locker`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migratePostgres(drizzlePostgres(locker, { schema }), { migrationsFolder });
        await locker`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
      } finally {
        await locker.end({ timeout: 5 });
      }
    },
    migrationStatus: () => migrationStatus(db),
    close: () => client.end({ timeout: 5 }),
  };
}

/** `loadDataDir` starts from a dumped data directory (tests start from a migrated one). */
export async function openPgliteClient(dir: string, loadDataDir?: Blob) {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  if (dir !== "memory://") mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir, { extensions: { pg_trgm }, loadDataDir });
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  const handle: DatabaseHandle = {
    db,
    driver: "pglite",
    async migrate({ migrationsFolder = MIGRATIONS_FOLDER } = {}) {
      await migratePglite(db as never, { migrationsFolder });
    },
    migrationStatus: () => migrationStatus(db),
    close: () => client.close(),
  };
  return { client, handle };
}

function expectedMigrations(): number {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

async function migrationStatus(db: Database): Promise<{ applied: number; expected: number }> {
  const expected = expectedMigrations();
  const exists = await db.execute<{ exists: boolean }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`,
  );
  if (!rows<{ exists: boolean }>(exists)[0]?.exists) return { applied: 0, expected };
  const result = await db.execute<{ count: number }>(
    sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
  );
  return { applied: rows<{ count: number }>(result)[0]?.count ?? 0, expected };
}

/** postgres.js returns an array, PGlite an object with `rows`; raw queries go through this. */
export function rows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A database or an open transaction: adapters take either so callers choose the boundary. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;

const UNIQUE_VIOLATION = "23505";
export function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: string; cause?: { code?: string } })?.code ??
    (error as { cause?: { code?: string } })?.cause?.code;
  return code === UNIQUE_VIOLATION;
}
