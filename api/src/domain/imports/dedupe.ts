import { createHash } from "node:crypto";
import type { ParsedRow } from "./types";

export type DuplicateReason = "source_id" | "existing" | "in_file";

/** What duplicate detection needs to know about a transaction already in the account. */
export interface ExistingRow {
  source: string;
  sourceId: string;
  date: string;
  amount: number;
  description: string;
}

export interface ClassifiedRow extends ParsedRow {
  sourceId: string;
  duplicate: DuplicateReason | null;
}

const contentKey = (date: string, amount: number, description: string) =>
  `${date}|${amount}|${description.trim().replace(/\s+/g, " ").toLowerCase()}`;

/**
 * The source id a row is stored under. Source ids are unique per household and source,
 * so the account is part of it: two banks may both number their transactions from 1.
 * A file without ids gets a hash of what the row says plus its occurrence among identical
 * rows of the file, so two real £3.50 coffees on one day stay two rows, and the same
 * file (or an overlapping statement) imported again produces the same ids.
 */
export function assignSourceIds(accountId: string, rows: readonly ParsedRow[]): (ParsedRow & { sourceId: string })[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    if (row.externalId) return { ...row, sourceId: `${accountId}:${row.externalId}` };
    const key = contentKey(row.date, row.amount, row.description);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const hash = createHash("sha256").update(`${accountId}|${key}|${occurrence}`).digest("hex").slice(0, 32);
    return { ...row, sourceId: `${accountId}:h:${hash}` };
  });
}

/**
 * Marks duplicates: a source id already stored (or earlier in this file), else a row
 * that says the same as an existing row of the account (same date, amount and
 * description), matched one for one, so an existing single row hides only one of two
 * identical new ones. Existing rows matched by source id are not matched again by content.
 */
export function classify(
  source: string,
  rows: readonly (ParsedRow & { sourceId: string })[],
  existing: readonly ExistingRow[],
): ClassifiedRow[] {
  const storedIds = new Set(existing.filter((e) => e.source === source).map((e) => e.sourceId));
  const byContent = new Map<string, number>();
  const fileIds = new Set(rows.map((r) => r.sourceId));
  for (const e of existing) {
    if (e.source === source && fileIds.has(e.sourceId)) continue;
    const key = contentKey(e.date, e.amount, e.description);
    byContent.set(key, (byContent.get(key) ?? 0) + 1);
  }
  const inFile = new Set<string>();
  return rows.map((row) => {
    let duplicate: DuplicateReason | null = null;
    if (storedIds.has(row.sourceId)) duplicate = "source_id";
    else if (inFile.has(row.sourceId)) duplicate = "in_file";
    else {
      const key = contentKey(row.date, row.amount, row.description);
      const left = byContent.get(key) ?? 0;
      if (left > 0) {
        duplicate = "existing";
        byContent.set(key, left - 1);
      }
    }
    inFile.add(row.sourceId);
    return { ...row, duplicate };
  });
}
