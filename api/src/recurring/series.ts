import { createHash } from "node:crypto";
import {
  addDays,
  type CreateRecurringBody,
  type RecurringKind,
  type RecurringSeries,
  type RecurringStatus,
  type Transaction,
  type UpdateRecurringBody,
} from "@tandem/shared";
import { and, eq, gte, isNull, lte, not, or, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/client";
import { accounts, categories, recurringSeries, transactions } from "../db/schema";
import { type DetectedSeries, detectRecurring } from "../domain/recurring/detect";
import { daysBetween, nextOccurrence, occurrencesBetween } from "../domain/recurring/schedule";
import { toTransaction } from "../ledger/transactions";
import { ApiError, notFound } from "../lib/problem";

type SeriesRow = typeof recurringSeries.$inferSelect;

/** How far back detection looks: two years, so a yearly charge can show twice. */
const HISTORY_DAYS = 800;
/** Template transactions carry this sourceId prefix; detection ignores them (they are the template's own). */
export const TEMPLATE_SOURCE_PREFIX = "recurring:";
/** A single processing call creates at most this many occurrences. */
const MAX_OCCURRENCES_PER_CALL = 1000;
/** Processing by hand may post ahead, but not more than a year ahead. */
const MAX_DAYS_AHEAD = 366;

export const templateSourceId = (templateId: string, date: string) => `${TEMPLATE_SOURCE_PREFIX}${templateId}:${date}`;

/**
 * The id of a detected series, derived from household and detection key so the same
 * series has the same id on every read and on every instance, before any row exists.
 */
export function detectedSeriesId(householdId: string, key: string): string {
  const hex = createHash("sha256").update(`${householdId}\u0000${key}`).digest("hex");
  // Shaped as an RFC 9562 version 8 (custom) UUID.
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function loadHistory(db: Executor, householdId: string, today: string) {
  const t = transactions;
  return db
    .select({
      id: t.id,
      accountId: t.accountId,
      date: t.date,
      amount: t.amount,
      currency: t.currency,
      merchant: t.merchant,
      description: t.description,
      categoryId: t.categoryId,
    })
    .from(t)
    .where(
      and(
        eq(t.householdId, householdId),
        gte(t.date, addDays(today, -HISTORY_DAYS)),
        lte(t.date, today),
        eq(t.pending, false),
        not(and(eq(t.source, "manual"), sql`${t.sourceId} like ${`${TEMPLATE_SOURCE_PREFIX}%`}`)!),
      ),
    );
}

function templateView(row: SeriesRow): RecurringSeries {
  const from = row.processedThrough ? addDays(row.processedThrough, 1) : row.anchorDate;
  const done = row.processedThrough
    ? occurrencesBetween(row.anchorDate, row.cadence, row.anchorDate, row.processedThrough, row.endDate)
    : [];
  const nextDate = row.status === "dismissed" ? null : nextOccurrence(row.anchorDate, row.cadence, from, row.endDate);
  return {
    id: row.id,
    kind: "template",
    status: row.status,
    accountId: row.accountId,
    currency: row.currency,
    merchant: row.merchant,
    description: row.description,
    categoryId: row.categoryId,
    cadence: row.cadence,
    amount: row.amount,
    lastDate: done.at(-1) ?? null,
    nextDate,
    nextAmount: nextDate ? row.amount : null,
    startDate: row.anchorDate,
    endDate: row.endDate,
    occurrences: done.length,
    confidence: null,
    evidence: [],
    editedFields: row.editedFields,
  };
}

function detectedView(id: string, detected: DetectedSeries): RecurringSeries {
  return {
    id,
    kind: "detected",
    status: "suggested",
    accountId: detected.accountId,
    currency: detected.currency,
    merchant: detected.merchant,
    description: detected.description,
    categoryId: detected.categoryId,
    cadence: detected.cadence,
    amount: detected.amount,
    lastDate: detected.lastDate,
    nextDate: detected.nextDate,
    nextAmount: detected.amount,
    startDate: null,
    endDate: null,
    occurrences: detected.occurrences,
    confidence: detected.confidence,
    evidence: detected.transactionIds.slice(0, 12),
    editedFields: [],
  };
}

/** A saved decision over a detected series: the member's edited fields win, detection fills the rest. */
function savedDetectedView(row: SeriesRow, detected: DetectedSeries | undefined, today: string): RecurringSeries {
  const edited = new Set(row.editedFields);
  const pick = <K extends "accountId" | "amount" | "cadence" | "categoryId" | "merchant" | "description">(field: K) =>
    edited.has(field) || !detected ? row[field] : detected[field];
  const cadence = pick("cadence");
  const lastDate = detected?.lastDate ?? null;
  let nextDate: string | null;
  if (edited.has("nextDate") || edited.has("cadence") || !detected) {
    // The member's anchor, moved past what has already been seen.
    const after = lastDate && lastDate >= row.anchorDate ? addDays(lastDate, 1) : row.anchorDate;
    // Without current evidence, nothing before today is still expected.
    const from = !detected && after < today ? today : after;
    nextDate = nextOccurrence(row.anchorDate, cadence, from, row.endDate);
  } else {
    nextDate = detected.nextDate;
  }
  const amount = pick("amount");
  return {
    id: row.id,
    kind: "detected",
    status: row.status,
    accountId: pick("accountId"),
    currency: edited.has("accountId") || !detected ? row.currency : detected.currency,
    merchant: pick("merchant"),
    description: pick("description"),
    categoryId: pick("categoryId"),
    cadence,
    amount,
    lastDate,
    nextDate,
    nextAmount: nextDate ? amount : null,
    startDate: null,
    endDate: row.endDate,
    occurrences: detected?.occurrences ?? 0,
    confidence: detected?.confidence ?? null,
    evidence: detected?.transactionIds.slice(0, 12) ?? [],
    editedFields: row.editedFields,
  };
}

interface Snapshot {
  rows: SeriesRow[];
  detected: Map<string, DetectedSeries>;
}

async function snapshot(db: Executor, householdId: string, today: string): Promise<Snapshot> {
  const [rows, history] = await Promise.all([
    db.select().from(recurringSeries).where(eq(recurringSeries.householdId, householdId)),
    loadHistory(db, householdId, today),
  ]);
  const detected = new Map<string, DetectedSeries>();
  for (const series of detectRecurring(history, today)) detected.set(detectedSeriesId(householdId, series.key), series);
  return { rows, detected };
}

function views(snap: Snapshot, today: string): RecurringSeries[] {
  const out: RecurringSeries[] = [];
  const saved = new Set<string>();
  for (const row of snap.rows) {
    saved.add(row.id);
    out.push(row.kind === "template" ? templateView(row) : savedDetectedView(row, snap.detected.get(row.id), today));
  }
  for (const [id, detected] of snap.detected) if (!saved.has(id)) out.push(detectedView(id, detected));
  const rank: Record<RecurringStatus, number> = { confirmed: 0, suggested: 1, dismissed: 2 };
  return out.sort(
    (a, b) =>
      rank[a.status] - rank[b.status] ||
      (a.nextDate ?? "9999").localeCompare(b.nextDate ?? "9999") ||
      a.id.localeCompare(b.id),
  );
}

export interface SeriesFilter {
  status?: RecurringStatus | undefined;
  kind?: RecurringKind | undefined;
  accountId?: string | undefined;
}

/** Detected series (computed now) merged with members' decisions and templates. */
export async function listSeries(db: Executor, householdId: string, today: string, filter: SeriesFilter = {}) {
  return views(await snapshot(db, householdId, today), today).filter(
    (s) =>
      (!filter.status || s.status === filter.status) &&
      (!filter.kind || s.kind === filter.kind) &&
      (!filter.accountId || s.accountId === filter.accountId),
  );
}

export async function getSeries(db: Executor, householdId: string, id: string, today: string) {
  const found = views(await snapshot(db, householdId, today), today).find((s) => s.id === id);
  if (!found) throw notFound("Recurring series");
  return found;
}

/**
 * The row behind a series id, created from the detection the first time a member acts
 * on it. Concurrent first actions insert once (ON CONFLICT on the detection key).
 */
async function ensureRow(tx: Executor, householdId: string, id: string, today: string): Promise<SeriesRow> {
  const [existing] = await tx
    .select()
    .from(recurringSeries)
    .where(and(eq(recurringSeries.id, id), eq(recurringSeries.householdId, householdId)))
    .for("update");
  if (existing) return existing;
  const history = await loadHistory(tx, householdId, today);
  const detected = detectRecurring(history, today).find((s) => detectedSeriesId(householdId, s.key) === id);
  if (!detected) throw notFound("Recurring series");
  await tx
    .insert(recurringSeries)
    .values({
      id,
      householdId,
      kind: "detected",
      status: "suggested",
      detectionKey: detected.key,
      accountId: detected.accountId,
      currency: detected.currency,
      merchant: detected.merchant,
      description: detected.description,
      categoryId: detected.categoryId,
      cadence: detected.cadence,
      amount: detected.amount,
      anchorDate: detected.nextDate,
    })
    .onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(recurringSeries)
    .where(and(eq(recurringSeries.id, id), eq(recurringSeries.householdId, householdId)))
    .for("update");
  return row!;
}

export async function setStatus(
  db: Database,
  householdId: string,
  id: string,
  status: "confirmed" | "dismissed",
  today: string,
) {
  await db.transaction(async (tx) => {
    await ensureRow(tx, householdId, id, today);
    await tx
      .update(recurringSeries)
      .set({ status, updatedAt: sql`now()` })
      .where(and(eq(recurringSeries.id, id), eq(recurringSeries.householdId, householdId)));
  });
  return getSeries(db, householdId, id, today);
}

async function accountFor(db: Executor, householdId: string, accountId: string) {
  const [row] = await db
    .select({ id: accounts.id, currency: accounts.currency })
    .from(accounts)
    .where(and(eq(accounts.id, accountId), eq(accounts.householdId, householdId)));
  if (!row) {
    throw new ApiError(422, "unknown_account", "accountId is not an account of this household", [
      { path: "accountId", message: "no such account" },
    ]);
  }
  return row;
}

async function assertCategory(db: Executor, householdId: string, categoryId: string | null | undefined) {
  if (!categoryId) return;
  const [row] = await db
    .select({ id: categories.id })
    .from(categories)
    .where(and(eq(categories.id, categoryId), eq(categories.householdId, householdId)));
  if (!row) {
    throw new ApiError(422, "unknown_category", "categoryId is not a category of this household", [
      { path: "categoryId", message: "no such category" },
    ]);
  }
}

export async function createTemplate(
  db: Database,
  householdId: string,
  memberId: string | null,
  input: CreateRecurringBody,
) {
  const account = await accountFor(db, householdId, input.accountId);
  await assertCategory(db, householdId, input.categoryId);
  const [row] = await db
    .insert(recurringSeries)
    .values({
      householdId,
      kind: "template",
      status: "confirmed",
      accountId: account.id,
      currency: account.currency,
      merchant: input.merchant ?? input.description,
      description: input.description,
      categoryId: input.categoryId ?? null,
      cadence: input.cadence,
      amount: input.amount,
      anchorDate: input.startDate,
      endDate: input.endDate ?? null,
      createdBy: memberId,
    })
    .returning();
  return templateView(row!);
}

const EDITABLE = [
  "amount",
  "cadence",
  "nextDate",
  "accountId",
  "categoryId",
  "merchant",
  "description",
  "endDate",
] as const;

export async function updateSeries(
  db: Database,
  householdId: string,
  id: string,
  changes: UpdateRecurringBody,
  today: string,
) {
  const account = changes.accountId ? await accountFor(db, householdId, changes.accountId) : null;
  await assertCategory(db, householdId, changes.categoryId);
  await db.transaction(async (tx) => {
    const row = await ensureRow(tx, householdId, id, today);
    const { nextDate, accountId: _accountId, ...rest } = changes;
    const set: Partial<typeof recurringSeries.$inferInsert> = { ...rest };
    if (account) {
      set.accountId = account.id;
      set.currency = account.currency;
    }
    if (nextDate) {
      set.anchorDate = nextDate;
      // A template re-anchored here creates nothing before its new next date.
      if (row.kind === "template") set.processedThrough = addDays(nextDate, -1);
    } else if (changes.cadence && row.kind === "detected") {
      // A new cadence counts from the series' expected next date.
      const current = await getSeries(tx, householdId, id, today);
      if (current.nextDate) set.anchorDate = current.nextDate;
    }
    if (
      row.kind === "template" &&
      (set.endDate ?? row.endDate) &&
      (set.endDate ?? row.endDate)! < (set.anchorDate ?? row.anchorDate)
    ) {
      throw new ApiError(422, "validation_failed", "endDate must not be before the start of the schedule", [
        { path: "endDate", message: "before the schedule starts" },
      ]);
    }
    const edited = EDITABLE.filter((field) => changes[field] !== undefined && !row.editedFields.includes(field));
    await tx
      .update(recurringSeries)
      .set({
        ...set,
        ...(edited.length > 0 ? { editedFields: [...row.editedFields, ...edited] } : {}),
        updatedAt: sql`now()`,
      })
      .where(and(eq(recurringSeries.id, id), eq(recurringSeries.householdId, householdId)));
  });
  return getSeries(db, householdId, id, today);
}

export interface ProcessResult {
  seriesId: string;
  until: string;
  processedThrough: string | null;
  created: Transaction[];
}

/**
 * Creates a template's occurrences up to `until`, in one transaction. The row lock
 * serialises concurrent runs (two instances, a job and a member) and each occurrence's
 * sourceId `recurring:<id>:<date>` is unique, so each is created exactly once.
 */
export async function processTemplate(
  db: Database,
  householdId: string,
  id: string,
  until: string,
  today: string,
): Promise<ProcessResult> {
  if (daysBetween(today, until) > MAX_DAYS_AHEAD) {
    throw new ApiError(422, "until_too_far", `until may be at most ${MAX_DAYS_AHEAD} days after today`, [
      { path: "until", message: "too far ahead" },
    ]);
  }
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(recurringSeries)
      .where(and(eq(recurringSeries.id, id), eq(recurringSeries.householdId, householdId)))
      .for("update");
    if (!row) {
      // A detected series has no row until acted on; it is still not a template.
      await getSeries(tx, householdId, id, today);
      throw new ApiError(
        409,
        "not_a_template",
        "Only templates create transactions; detected series come from the bank",
      );
    }
    if (row.kind !== "template") {
      throw new ApiError(
        409,
        "not_a_template",
        "Only templates create transactions; detected series come from the bank",
      );
    }
    if (row.status === "dismissed") {
      throw new ApiError(409, "template_stopped", "This template was dismissed and creates no more transactions");
    }
    const from = row.processedThrough ? addDays(row.processedThrough, 1) : row.anchorDate;
    const dates = from <= until ? occurrencesBetween(row.anchorDate, row.cadence, from, until, row.endDate) : [];
    if (dates.length > MAX_OCCURRENCES_PER_CALL) {
      throw new ApiError(
        422,
        "too_many_occurrences",
        `That would create ${dates.length} transactions; process at most ${MAX_OCCURRENCES_PER_CALL} at a time with an earlier until`,
        [{ path: "until", message: "too far from the last processed date" }],
      );
    }
    const created =
      dates.length === 0
        ? []
        : await tx
            .insert(transactions)
            .values(
              dates.map((date) => ({
                householdId,
                accountId: row.accountId,
                date,
                amount: row.amount,
                currency: row.currency,
                description: row.description,
                merchant: row.merchant,
                categoryId: row.categoryId,
                // The member who made the template chose the category.
                ...(row.categoryId ? { categorySource: "member" as const, categorisedBy: row.createdBy } : {}),
                pending: false,
                source: "manual" as const,
                sourceId: templateSourceId(row.id, date),
              })),
            )
            .onConflictDoNothing({ target: [transactions.householdId, transactions.source, transactions.sourceId] })
            .returning();
    const processedThrough = row.processedThrough && row.processedThrough > until ? row.processedThrough : until;
    if (from <= until) {
      await tx
        .update(recurringSeries)
        .set({ processedThrough, updatedAt: sql`now()` })
        .where(and(eq(recurringSeries.id, id), eq(recurringSeries.householdId, householdId)));
    }
    return {
      seriesId: id,
      until,
      processedThrough: from <= until ? processedThrough : row.processedThrough,
      created: created.sort((a, b) => a.date.localeCompare(b.date)).map(toTransaction),
    };
  });
}

/** Every household's active templates with occurrences due by today. */
export async function dueTemplates(db: Executor, today: string) {
  const r = recurringSeries;
  return db
    .select({ id: r.id, householdId: r.householdId })
    .from(r)
    .where(
      and(
        eq(r.kind, "template"),
        eq(r.status, "confirmed"),
        lte(r.anchorDate, today),
        or(isNull(r.processedThrough), sql`${r.processedThrough} < ${today}`),
        or(isNull(r.endDate), sql`${r.endDate} > coalesce(${r.processedThrough}, ${r.anchorDate} - 1)`),
      ),
    );
}
