import { createHash } from "node:crypto";
import type { Backup } from "@tandem/shared";
import { asc, eq, getTableColumns, is, sql } from "drizzle-orm";
import { type AnyPgColumn, getTableConfig, PgTable, PgTimestamp } from "drizzle-orm/pg-core";
import type { Database, Executor } from "../db/client";
import * as schema from "../db/schema";
import { accounts, households, transactions, users } from "../db/schema";
import { ApiError } from "../lib/problem";

/**
 * Tables never in a backup: credentials and tokens (users are exported as members,
 * without password hashes), the Plaid link (its access token is a secret, and a restored
 * household links its bank again) and logs about it; the monthly totals, which the
 * database rebuilds by itself as the transactions are restored; and each member's
 * notification feed and preferences, which belong to their login, not to the household's
 * money (a restore may have fewer members to give them to).
 */
const EXCLUDED = new Set([
  "households",
  "users",
  "invites",
  "refresh_tokens",
  "api_keys",
  "plaid_items",
  "plaid_sync_runs",
  "plaid_webhooks",
  "transaction_month_totals",
  "notifications",
  "notification_preferences",
]);

interface HouseholdTable {
  name: string;
  table: PgTable;
  /** TS key → column, for the columns a backup carries. */
  columns: Record<string, AnyPgColumn>;
  householdKey: string;
  /** Keys of columns referencing a table not in the backup: exported and restored as null. */
  droppedRefs: string[];
  /** Tables this one references (other than itself). */
  dependsOn: string[];
  /** Keys of columns referencing this same table (category parents). */
  selfRefs: string[];
}

function keyOf(columns: Record<string, AnyPgColumn>, sqlName: string): string | undefined {
  return Object.entries(columns).find(([, c]) => c.name === sqlName)?.[0];
}

/** Every table of the schema that belongs to a household, in an order that satisfies foreign keys. */
function householdTables(): HouseholdTable[] {
  const found = new Map<string, HouseholdTable>();
  const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));
  for (const table of tables) {
    const config = getTableConfig(table);
    if (EXCLUDED.has(config.name)) continue;
    const columns = getTableColumns(table) as Record<string, AnyPgColumn>;
    const householdKey = keyOf(columns, "household_id");
    if (!householdKey) continue;
    const carried = Object.fromEntries(Object.entries(columns).filter(([, c]) => !c.generated && !c.generatedIdentity));
    found.set(config.name, {
      name: config.name,
      table,
      columns: carried,
      householdKey,
      droppedRefs: [],
      dependsOn: [],
      selfRefs: [],
    });
  }
  for (const entry of found.values()) {
    for (const fk of getTableConfig(entry.table).foreignKeys) {
      const ref = fk.reference();
      const target = getTableConfig(ref.foreignTable).name;
      const keys = ref.columns.map((c) => keyOf(entry.columns, c.name)).filter((k): k is string => !!k);
      if (target === entry.name) entry.selfRefs.push(...keys);
      else if (found.has(target)) entry.dependsOn.push(target);
      else if (target !== "households" && target !== "users") entry.droppedRefs.push(...keys);
    }
  }
  const ordered: HouseholdTable[] = [];
  const visiting = new Set<string>();
  const visit = (name: string) => {
    if (ordered.some((t) => t.name === name) || visiting.has(name)) return;
    visiting.add(name);
    const entry = found.get(name)!;
    for (const dep of entry.dependsOn) visit(dep);
    ordered.push(entry);
  };
  for (const name of [...found.keys()].sort()) visit(name);
  return ordered;
}

const toJson = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);

export async function exportBackup(db: Executor, householdId: string, now: Date): Promise<Backup> {
  const [household] = await db.select().from(households).where(eq(households.id, householdId));
  const members = await db
    .select({ id: users.id, email: users.email, displayName: users.displayName, createdAt: users.createdAt })
    .from(users)
    .where(eq(users.householdId, householdId))
    .orderBy(asc(users.createdAt), asc(users.id));
  const tables: Backup["tables"] = {};
  for (const entry of householdTables()) {
    const idColumn = entry.columns.id;
    const rows = await db
      .select()
      .from(entry.table)
      .where(eq(entry.columns[entry.householdKey]!, householdId))
      .orderBy(...(idColumn ? [asc(idColumn)] : []));
    tables[entry.name] = rows.map((row) => {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(entry.columns)) {
        if (key === entry.householdKey) continue;
        out[key] = entry.droppedRefs.includes(key) ? null : toJson((row as Record<string, unknown>)[key]);
      }
      return out;
    });
  }
  return {
    format: "tandem-backup",
    version: 1,
    exportedAt: now.toISOString(),
    household: {
      id: household!.id,
      name: household!.name,
      baseCurrency: household!.baseCurrency,
      createdAt: household!.createdAt.toISOString(),
    },
    members: members.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    tables,
  };
}

/**
 * The id a restored row gets: derived from the target household and the old id, so the
 * mapping is consistent across every reference (foreign keys, ids inside JSON, the
 * text `categorised_by`) without a lookup table, and the same for a retried restore.
 */
export function restoredId(householdId: string, oldId: string): string {
  const hex = createHash("sha256").update(`${householdId}:${oldId}`).digest("hex");
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function remap(value: unknown, ids: Map<string, string | null>): unknown {
  if (typeof value === "string") return ids.has(value) ? ids.get(value) : value;
  if (Array.isArray(value)) return value.map((v) => remap(v, ids));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, remap(v, ids)]));
  }
  return value;
}

/** Parents before children, for a table that references itself. */
function parentsFirst(rows: Record<string, unknown>[], selfRefs: string[]): Record<string, unknown>[] {
  if (selfRefs.length === 0) return rows;
  const byId = new Map(rows.map((r) => [r.id as string, r]));
  const out: Record<string, unknown>[] = [];
  const done = new Set<string>();
  const visit = (row: Record<string, unknown>, depth: number) => {
    if (done.has(row.id as string) || depth > rows.length) return;
    for (const key of selfRefs) {
      const parent = byId.get(row[key] as string);
      if (parent && parent !== row) visit(parent, depth + 1);
    }
    done.add(row.id as string);
    out.push(row);
  };
  for (const row of rows) visit(row, 0);
  return out;
}

const invalid = (message: string) => new ApiError(422, "backup_invalid", message, [{ path: "tables", message }]);

/**
 * Restores a backup into a household that has no accounts or transactions yet (what it
 * holds otherwise, such as the default categories, is replaced). Every id is remapped
 * with restoredId; members map in order of joining, and references to a backup member
 * with no counterpart here become null.
 */
export async function restoreBackup(db: Database, householdId: string, backup: Backup) {
  const known = householdTables();
  for (const name of Object.keys(backup.tables)) {
    if (!known.some((t) => t.name === name)) throw invalid(`Unknown table "${name}" in the backup`);
  }
  return db.transaction(async (tx) => {
    // Lock the household row so two restores cannot interleave.
    await tx.execute(sql`select id from ${households} where ${households.id} = ${householdId} for update`);
    const [hasAccount] = await tx
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.householdId, householdId))
      .limit(1);
    const [hasTxn] = await tx
      .select({ id: transactions.id })
      .from(transactions)
      .where(eq(transactions.householdId, householdId))
      .limit(1);
    if (hasAccount || hasTxn) {
      throw new ApiError(409, "household_not_empty", "Restore into a household with no accounts or transactions");
    }
    const here = await tx
      .select({ id: users.id })
      .from(users)
      .where(eq(users.householdId, householdId))
      .orderBy(asc(users.createdAt), asc(users.id));
    const ids = new Map<string, string | null>([[backup.household.id, householdId]]);
    const members: Record<string, string | null> = {};
    [...backup.members]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
      .forEach((m, i) => {
        members[m.id] = here[i]?.id ?? null;
        ids.set(m.id, here[i]?.id ?? null);
      });
    for (const rows of Object.values(backup.tables)) {
      for (const row of rows) if (typeof row.id === "string") ids.set(row.id, restoredId(householdId, row.id));
    }

    for (const entry of [...known].reverse()) {
      await tx.delete(entry.table).where(eq(entry.columns[entry.householdKey]!, householdId));
    }
    const counts: Record<string, number> = {};
    for (const entry of known) {
      const rows = parentsFirst(backup.tables[entry.name] ?? [], entry.selfRefs);
      const values = rows.map((row) => {
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(row)) {
          const column = entry.columns[key];
          if (!column) throw invalid(`Unknown column "${key}" in table "${entry.name}"`);
          const mapped = entry.droppedRefs.includes(key) ? null : remap(value, ids);
          out[key] = is(column, PgTimestamp) && typeof mapped === "string" ? new Date(mapped) : mapped;
        }
        out[entry.householdKey] = householdId;
        return out;
      });
      for (let i = 0; i < values.length; i += 500) {
        try {
          await tx.insert(entry.table).values(values.slice(i, i + 500) as never);
        } catch (error) {
          throw invalid(
            `Rows of "${entry.name}" do not fit this database (${(error as { code?: string }).code ?? "error"})`,
          );
        }
      }
      counts[entry.name] = values.length;
    }
    await tx
      .update(households)
      .set({ name: backup.household.name, baseCurrency: backup.household.baseCurrency })
      .where(eq(households.id, householdId));
    return { householdId, tables: counts, members };
  });
}
