import type { RatesRefreshBody, RatesRefreshResult } from "@tandem/shared";
import { addDays } from "@tandem/shared";
import { and, eq, ne } from "drizzle-orm";
import type { Database } from "../db/client";
import { accounts, households } from "../db/schema";
import { MAX_RATE_AGE_DAYS } from "../domain/currency/lookup";
import { ApiError, notFound } from "../lib/problem";
import { type RateProvider, RateProviderError } from "./provider";
import { saveRates } from "./rates";

/** The currencies of the household's accounts other than its base, in code order. */
async function householdCurrencies(db: Database, householdId: string) {
  const [household] = await db
    .select({ base: households.baseCurrency })
    .from(households)
    .where(eq(households.id, householdId));
  if (!household) throw notFound("Household");
  const rows = await db
    .selectDistinct({ currency: accounts.currency })
    .from(accounts)
    .where(and(eq(accounts.householdId, householdId), ne(accounts.currency, household.base)))
    .orderBy(accounts.currency);
  return { base: household.base, quotes: rows.map((row) => row.currency) };
}

/**
 * Fetches base→currency rates for the household's currencies over [from, to] and saves
 * them as "provider" rates. Rates dated outside the asked range (a provider may start at
 * the working day before `from`) are kept if within the lookup's reach of `from`.
 */
export async function refreshRates(
  db: Database,
  householdId: string,
  provider: RateProvider | null | undefined,
  range: RatesRefreshBody,
): Promise<RatesRefreshResult> {
  if (!provider) {
    throw new ApiError(
      503,
      "rates_provider_off",
      "No exchange-rate provider is configured (RATES_PROVIDER); upload rates with POST /rates instead",
    );
  }
  const { base, quotes } = await householdCurrencies(db, householdId);
  let fetched: Awaited<ReturnType<RateProvider["fetchRates"]>> = [];
  if (quotes.length > 0) {
    try {
      fetched = await provider.fetchRates({ base, quotes, from: range.from, to: range.to });
    } catch (error) {
      if (error instanceof RateProviderError) throw new ApiError(503, "rates_provider_failed", error.message);
      throw error;
    }
  }
  const earliest = addDays(range.from, -MAX_RATE_AGE_DAYS);
  const wanted = new Set(quotes);
  const usable = fetched.filter(
    (rate) => rate.base === base && wanted.has(rate.quote) && rate.date >= earliest && rate.date <= range.to,
  );
  const saved = await saveRates(db, householdId, usable, "provider");
  const withRates = new Set(usable.map((rate) => rate.quote));
  return {
    provider: provider.name,
    base,
    quotes,
    from: range.from,
    to: range.to,
    fetched: usable.length,
    ...saved,
    withoutRates: quotes.filter((quote) => !withRates.has(quote)),
  };
}
