import type {
  DeleteRatesQuery,
  ExchangeRate,
  ExchangeRateList,
  RateSource,
  RatesQuery,
  RatesWriteResult,
} from "@tandem/shared";
import { CURRENCY_PATTERN, isIsoDate } from "@tandem/shared";
import { and, asc, desc, eq, gte, inArray, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/client";
import { exchangeRates } from "../db/schema";
import { formatRatio, parseRate, ratioEquals } from "../domain/currency/ratio";
import { ApiError } from "../lib/problem";

/** 1 `base` = `rate` `quote` on `date`; `rate` a positive decimal string. */
export interface RateValue {
  date: string;
  base: string;
  quote: string;
  rate: string;
}

export interface SaveResult extends RatesWriteResult {
  /** Uploaded rates a provider's differing value left in place (a person's choice wins). */
  keptUploads: number;
}

const r = exchangeRates;
const keyOf = (row: { date: string; base: string; quote: string }) => `${row.date} ${row.base}/${row.quote}`;
/** 7 values a row: far below PostgreSQL's 65,535 bind parameters. */
const CHUNK = 1000;

/** The stored rows an upload could touch, one query, narrowed in memory. */
async function existingRates(tx: Executor, householdId: string, rates: RateValue[]) {
  const dates = rates.map((rate) => rate.date).sort();
  const rows = await tx
    .select({ date: r.date, base: r.base, quote: r.quote, rate: r.rate, source: r.source })
    .from(r)
    .where(
      and(
        eq(r.householdId, householdId),
        gte(r.date, dates[0]!),
        lte(r.date, dates[dates.length - 1]!),
        inArray(r.base, [...new Set(rates.map((rate) => rate.base))]),
        inArray(r.quote, [...new Set(rates.map((rate) => rate.quote))]),
      ),
    );
  return new Map(rows.map((row) => [keyOf(row), row]));
}

/**
 * Upserts rates in one transaction. Re-saving the same rates changes nothing (compared
 * as exact numbers: "0.91" equals the stored "0.910000000000"); a different rate for a
 * stored pair and day replaces it. A provider never replaces an uploaded rate, not even
 * one uploaded while the refresh runs (the conflict clause checks the source again).
 */
export async function saveRates(
  db: Database,
  householdId: string,
  rates: RateValue[],
  source: RateSource,
): Promise<SaveResult> {
  const result: SaveResult = { inserted: 0, updated: 0, unchanged: 0, keptUploads: 0 };
  if (rates.length === 0) return result;
  await db.transaction(async (tx) => {
    const existing = await existingRates(tx, householdId, rates);
    const writes: RateValue[] = [];
    for (const rate of rates) {
      const ratio = parseRate(rate.rate);
      const stored = existing.get(keyOf(rate));
      if (stored && ratioEquals(parseRate(stored.rate), ratio)) result.unchanged++;
      else if (stored && source === "provider" && stored.source === "upload") result.keptUploads++;
      else {
        if (stored) result.updated++;
        else result.inserted++;
        writes.push({ ...rate, rate: formatRatio(ratio) });
      }
    }
    for (let i = 0; i < writes.length; i += CHUNK) {
      await tx
        .insert(r)
        .values(writes.slice(i, i + CHUNK).map((rate) => ({ householdId, ...rate, source })))
        .onConflictDoUpdate({
          target: [r.householdId, r.base, r.quote, r.date],
          set: { rate: sql`excluded.rate`, source: sql`excluded.source`, updatedAt: sql`now()` },
          ...(source === "provider" ? { setWhere: eq(r.source, "provider") } : {}),
        });
    }
  });
  return result;
}

function toRate(row: typeof r.$inferSelect): ExchangeRate {
  return {
    date: row.date,
    base: row.base,
    quote: row.quote,
    rate: formatRatio(parseRate(row.rate)),
    source: row.source,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The cursor is the last row's (date, base, quote): the listing's order, newest first. */
function encodeCursor(row: { date: string; base: string; quote: string }): string {
  return Buffer.from(JSON.stringify([row.date, row.base, row.quote])).toString("base64url");
}

function decodeCursor(raw: string): { date: string; base: string; quote: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    parsed = null;
  }
  if (Array.isArray(parsed) && parsed.length === 3) {
    const [date, base, quote] = parsed as unknown[];
    if (
      typeof date === "string" &&
      isIsoDate(date) &&
      typeof base === "string" &&
      CURRENCY_PATTERN.test(base) &&
      typeof quote === "string" &&
      CURRENCY_PATTERN.test(quote)
    ) {
      return { date, base, quote };
    }
  }
  throw new ApiError(400, "invalid_cursor", "cursor is not one this API issued");
}

/** Newest first, then by pair; a page of `limit` and the cursor of the next. */
export async function listRates(db: Executor, householdId: string, query: RatesQuery): Promise<ExchangeRateList> {
  const conditions: (SQL | undefined)[] = [eq(r.householdId, householdId)];
  if (query.base) conditions.push(eq(r.base, query.base));
  if (query.quote) conditions.push(eq(r.quote, query.quote));
  if (query.from) conditions.push(gte(r.date, query.from));
  if (query.to) conditions.push(lte(r.date, query.to));
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    conditions.push(
      or(
        lt(r.date, after.date),
        and(eq(r.date, after.date), sql`(${r.base}, ${r.quote}) > (${after.base}, ${after.quote})`),
      ),
    );
  }
  const rows = await db
    .select()
    .from(r)
    .where(and(...conditions))
    .orderBy(desc(r.date), asc(r.base), asc(r.quote))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit).map(toRate);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}

/** Deletes one pair's rates (stored that way round) within [from, to]. */
export async function deleteRates(db: Executor, householdId: string, query: DeleteRatesQuery): Promise<number> {
  const deleted = await db
    .delete(r)
    .where(
      and(
        eq(r.householdId, householdId),
        eq(r.base, query.base),
        eq(r.quote, query.quote),
        gte(r.date, query.from),
        lte(r.date, query.to),
      ),
    )
    .returning({ date: r.date });
  return deleted.length;
}
