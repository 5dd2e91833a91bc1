/**
 * The floor for `npm run bench:sync`: the same rows the sync wrote, already in memory as
 * COPY text, streamed into an empty table identical to `transactions` (same columns,
 * defaults, checks, indexes and foreign keys). Only the COPY is timed.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";

/** The columns the sync's upsert writes, in the order of its INSERT. */
export const COPY_COLUMNS = [
  "household_id",
  "account_id",
  "date",
  "amount",
  "currency",
  "description",
  "merchant",
  "category_id",
  "category_source",
  "categorised_by",
  "notes",
  "source",
  "source_id",
  "pending",
  "plaid_category",
  "plaid_category_confidence",
  "edited_fields",
] as const;

export type CopyRow = Record<(typeof COPY_COLUMNS)[number], string | null>;

/** COPY text format: backslash, tab, newline and carriage return are escaped; \N is NULL. */
const copyText = (value: string | null) =>
  value === null
    ? "\\N"
    : value.replace(/[\\\t\n\r]/g, (ch) => (ch === "\\" ? "\\\\" : ch === "\t" ? "\\t" : ch === "\n" ? "\\n" : "\\r"));

/** Rows as COPY text in ~1 MB chunks, built before the clock starts. */
export function toCopyChunks(rows: readonly CopyRow[]): string[] {
  const chunks: string[] = [];
  let chunk = "";
  for (const row of rows) {
    chunk += `${COPY_COLUMNS.map((c) => copyText(row[c])).join("\t")}\n`;
    if (chunk.length > 1_000_000) {
      chunks.push(chunk);
      chunk = "";
    }
  }
  if (chunk) chunks.push(chunk);
  return chunks;
}

/** An empty twin of `transactions`: LIKE … INCLUDING ALL has no foreign keys, so add them. */
export async function createCopyTable(sql: postgres.Sql, table: string) {
  await sql.unsafe(`create table ${table} (like transactions including all)`);
  await sql.unsafe(`
    alter table ${table}
      add foreign key (household_id) references households (id) on delete cascade,
      add foreign key (account_id) references accounts (id) on delete restrict,
      add foreign key (category_id) references categories (id) on delete set null`);
}

/** COPY … FROM STDIN of prepared chunks; returns the seconds the COPY took. */
export async function timeCopy(sql: postgres.Sql, table: string, chunks: readonly string[]): Promise<number> {
  const started = performance.now();
  const writable = await sql.unsafe(`copy ${table} (${COPY_COLUMNS.join(", ")}) from stdin`).writable();
  await pipeline(Readable.from(chunks), writable);
  return (performance.now() - started) / 1000;
}
