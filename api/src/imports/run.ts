import { createHash } from "node:crypto";
import { type CsvMapping, type ImportOptions, type ImportResult, toIsoDate } from "@tandem/shared";
import { and, between, desc, eq, inArray } from "drizzle-orm";
import { checkBudgetAlerts } from "../budgets/status";
import type { Database, Executor } from "../db/client";
import { importBatches, importMappings, transactions } from "../db/schema";
import {
  assignSourceIds,
  type ClassifiedRow,
  classify,
  type ExistingRow,
  FileFormatError,
  type ParsedRow,
  parseFile,
} from "../domain/imports";
import { findAccountRow } from "../ledger/accounts";
import { ApiError } from "../lib/problem";
import { raiseTransactionAlerts } from "../notifications/transactions";
import { applyRulesToTransactions } from "../rules/apply";

const SHOWN = 500;
const CHUNK = 1000;

async function accountOf(db: Executor, householdId: string, accountId: string) {
  return findAccountRow(db, householdId, accountId).catch(() => {
    throw new ApiError(422, "unknown_account", "accountId is not an account of this household", [
      { path: "accountId", message: "no such account" },
    ]);
  });
}

async function savedMapping(db: Executor, householdId: string, accountId: string) {
  const [row] = await db
    .select()
    .from(importMappings)
    .where(and(eq(importMappings.householdId, householdId), eq(importMappings.accountId, accountId)));
  return row ?? null;
}

/** The account's rows a file could repeat: those in its date range, and any carrying its source ids. */
async function existingRows(
  db: Executor,
  householdId: string,
  accountId: string,
  source: string,
  rows: readonly (ParsedRow & { sourceId: string })[],
): Promise<ExistingRow[]> {
  if (rows.length === 0) return [];
  const t = transactions;
  const dates = rows.map((r) => r.date).sort();
  const columns = {
    id: t.id,
    source: t.source,
    sourceId: t.sourceId,
    date: t.date,
    amount: t.amount,
    description: t.description,
  };
  const inRange = await db
    .select(columns)
    .from(t)
    .where(and(eq(t.householdId, householdId), eq(t.accountId, accountId), between(t.date, dates[0]!, dates.at(-1)!)));
  const byId = new Map(inRange.map((r) => [r.id, r]));
  const ids = [...new Set(rows.map((r) => r.sourceId))];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const found = await db
      .select(columns)
      .from(t)
      .where(
        and(
          eq(t.householdId, householdId),
          eq(t.source, source as "csv"),
          inArray(t.sourceId, ids.slice(i, i + CHUNK)),
        ),
      );
    for (const r of found) byId.set(r.id, r);
  }
  return [...byId.values()];
}

const sameMapping = (a: CsvMapping, b: CsvMapping) => JSON.stringify(a) === JSON.stringify(b);

export interface ImportInput {
  bytes: Uint8Array;
  options: ImportOptions;
}

/**
 * Preview or commit one file into one account. A commit is all or nothing: any row
 * error refuses the whole file, and the inserts, the rules run over them, the batch
 * record and the saved mapping share one database transaction.
 */
export async function runImport(
  db: Database,
  householdId: string,
  memberId: string | null,
  { bytes, options }: ImportInput,
): Promise<ImportResult> {
  const account = await accountOf(db, householdId, options.accountId);
  const saved = options.mapping ? null : await savedMapping(db, householdId, account.id);
  const mapping = options.mapping ?? saved?.mapping;
  let parsed: ReturnType<typeof parseFile>;
  try {
    parsed = parseFile(bytes, {
      format: options.format,
      mapping,
      dateFormat: options.dateFormat,
      currency: account.currency,
    });
  } catch (error) {
    if (error instanceof FileFormatError) {
      throw new ApiError(422, error.code, error.message, [
        { path: error.line ? `line ${error.line}` : "file", message: error.message },
      ]);
    }
    throw error;
  }
  const { format, encoding, result } = parsed;
  if (result.currency && result.currency !== account.currency) {
    throw new ApiError(
      422,
      "currency_mismatch",
      `The file is in ${result.currency}; this account holds ${account.currency}`,
      [{ path: "file", message: `must be ${account.currency}` }],
    );
  }
  if (result.total === 0) {
    throw new ApiError(422, "empty_file", "The file holds no transactions", [{ path: "file", message: "no rows" }]);
  }
  const withIds = assignSourceIds(account.id, result.rows);

  const shape = (
    classified: ClassifiedRow[],
    inserted: number,
    id: string | null,
    mappingSaved: boolean,
  ): ImportResult => {
    const duplicates = classified.filter((r) => r.duplicate !== null).length;
    return {
      id,
      mode: options.mode,
      format,
      accountId: account.id,
      encoding,
      headers: result.headers,
      mapping: format === "csv" ? (mapping ?? null) : null,
      mappingSaved,
      counts: {
        rows: result.total,
        errors: result.errors.length,
        duplicates,
        new: classified.length - duplicates,
        inserted,
      },
      rows: classified.slice(0, SHOWN).map((r) => ({
        line: r.line,
        date: r.date,
        amount: r.amount,
        currency: account.currency,
        description: r.description,
        merchant: r.merchant,
        sourceId: r.sourceId,
        duplicate: r.duplicate,
      })),
      errors: result.errors.slice(0, SHOWN),
    };
  };

  if (options.mode === "preview") {
    const classified = classify(format, withIds, await existingRows(db, householdId, account.id, format, withIds));
    return shape(classified, 0, null, false);
  }

  if (result.errors.length > 0) {
    throw new ApiError(
      422,
      "import_has_errors",
      `${result.errors.length} row(s) cannot be read; nothing was imported. Fix the file or the mapping and try again`,
      result.errors.slice(0, SHOWN).map((e) => ({ path: e.line ? `line ${e.line}` : "file", message: e.message })),
    );
  }

  const fileSha256 = createHash("sha256").update(bytes).digest("hex");
  return db.transaction(async (tx) => {
    const classified = classify(format, withIds, await existingRows(tx, householdId, account.id, format, withIds));
    const fresh = classified.filter((r) => r.duplicate === null);
    const insertedIds: string[] = [];
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const chunk = fresh.slice(i, i + CHUNK);
      const ids = await tx
        .insert(transactions)
        .values(
          chunk.map((r) => ({
            householdId,
            accountId: account.id,
            date: r.date,
            amount: r.amount,
            currency: account.currency,
            description: r.description,
            merchant: r.merchant,
            source: format,
            sourceId: r.sourceId,
          })),
        )
        // A concurrent commit of the same file may have won the race: those rows are duplicates.
        .onConflictDoNothing({ target: [transactions.householdId, transactions.source, transactions.sourceId] })
        .returning({ id: transactions.id, sourceId: transactions.sourceId });
      const won = new Set(ids.map((r) => r.sourceId));
      for (const r of chunk) if (!won.has(r.sourceId)) r.duplicate = "source_id";
      insertedIds.push(...ids.map((r) => r.id));
    }
    if (insertedIds.length > 0) {
      await applyRulesToTransactions(tx, householdId, insertedIds);
      // In the same transaction: a rolled-back import raises no alert.
      await checkBudgetAlerts(tx, householdId);
      await raiseTransactionAlerts(tx, householdId, insertedIds, toIsoDate(new Date()));
    }

    const duplicates = classified.length - insertedIds.length;
    const [batch] = await tx
      .insert(importBatches)
      .values({
        householdId,
        accountId: account.id,
        format,
        fileName: options.fileName ?? null,
        fileSha256,
        encoding,
        rows: result.total,
        inserted: insertedIds.length,
        duplicates,
        createdBy: memberId,
      })
      .onConflictDoNothing({ target: [importBatches.householdId, importBatches.accountId, importBatches.fileSha256] })
      .returning({ id: importBatches.id });
    const batchId =
      batch?.id ??
      (
        await tx
          .select({ id: importBatches.id })
          .from(importBatches)
          .where(
            and(
              eq(importBatches.householdId, householdId),
              eq(importBatches.accountId, account.id),
              eq(importBatches.fileSha256, fileSha256),
            ),
          )
      )[0]!.id;

    let mappingSaved = false;
    if (format === "csv" && options.mapping) {
      const current = await savedMapping(tx, householdId, account.id);
      if (!current || !sameMapping(current.mapping, options.mapping)) {
        await tx
          .insert(importMappings)
          .values({ householdId, accountId: account.id, mapping: options.mapping })
          .onConflictDoUpdate({
            target: [importMappings.householdId, importMappings.accountId],
            set: { mapping: options.mapping, updatedAt: new Date() },
          });
      }
      mappingSaved = true;
    }
    return shape(classified, insertedIds.length, batchId, mappingSaved);
  });
}

export async function listBatches(db: Executor, householdId: string) {
  const rows = await db
    .select()
    .from(importBatches)
    .where(eq(importBatches.householdId, householdId))
    .orderBy(desc(importBatches.createdAt), desc(importBatches.id))
    .limit(200);
  return rows.map(({ householdId: _, ...r }) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function listMappings(db: Executor, householdId: string) {
  const rows = await db.select().from(importMappings).where(eq(importMappings.householdId, householdId));
  return rows.map((r) => ({
    id: r.id,
    accountId: r.accountId,
    mapping: r.mapping,
    updatedAt: r.updatedAt.toISOString(),
  }));
}
