import { addDays } from "@tandem/shared";
import { and, eq, gte, lte, or } from "drizzle-orm";
import type { Executor } from "../db/client";
import { exchangeRates } from "../db/schema";
import { type Converter, createConverter } from "../domain/currency/converter";
import { MAX_RATE_AGE_DAYS } from "../domain/currency/lookup";

export type { Converted, Converter } from "../domain/currency/converter";

/**
 * Loads the rates needed to convert amounts dated within [from, to] into `base`: every
 * stored pair with `base` on either side, from MAX_RATE_AGE_DAYS before `from` (a
 * Monday-the-1st amount may need the previous Friday's rate) up to `to`. One query;
 * the lookup itself is the pure findRate.
 */
export async function loadConverter(
  db: Executor,
  householdId: string,
  options: { base: string; from: string; to: string },
): Promise<Converter> {
  const r = exchangeRates;
  const rows = await db
    .select({ date: r.date, base: r.base, quote: r.quote, rate: r.rate })
    .from(r)
    .where(
      and(
        eq(r.householdId, householdId),
        gte(r.date, addDays(options.from, -MAX_RATE_AGE_DAYS)),
        lte(r.date, options.to),
        or(eq(r.base, options.base), eq(r.quote, options.base)),
      ),
    );
  return createConverter(options.base, rows);
}
