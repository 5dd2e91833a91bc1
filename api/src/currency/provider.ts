import { CURRENCY_PATTERN, isIsoDate } from "@tandem/shared";
import { parseJsonKeepingNumbers } from "../domain/currency/json-numbers";
import { formatRatio, parseRate } from "../domain/currency/ratio";

/** 1 `base` = `rate` `quote` on `date`, the rate as an exact decimal string. */
export interface ProviderRate {
  date: string;
  base: string;
  quote: string;
  rate: string;
}

/** Where POST /rates/refresh gets rates from. Off unless RATES_PROVIDER names one: the app works offline. */
export interface RateProvider {
  name: string;
  fetchRates(query: { base: string; quotes: string[]; from: string; to: string }): Promise<ProviderRate[]>;
}

/** The provider failed or answered something unreadable; the message is safe to show. */
export class RateProviderError extends Error {}

export interface FrankfurterOptions {
  /** No trailing slash, e.g. https://api.frankfurter.dev/v1 */
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * Frankfurter (https://frankfurter.dev, v1): ECB reference rates, no API key. Working days
 * only, so a weekend has no rate (the lookup borrows Friday's). Its currency list is
 * asked first: the ECB publishes about 30 currencies, and one unknown symbol would fail
 * the whole time-series request. Rates arrive as JSON numbers; their digits are kept as
 * written (parseJsonKeepingNumbers) and rounded half-to-even to the 12 decimals stored.
 */
export function frankfurterProvider({
  baseUrl,
  fetch: doFetch = fetch,
  timeoutMs = 15_000,
}: FrankfurterOptions): RateProvider {
  const root = baseUrl.replace(/\/+$/, "");
  async function get(path: string): Promise<unknown> {
    let response: Response;
    try {
      response = await doFetch(`${root}${path}`, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new RateProviderError("The rates provider could not be reached");
    }
    const text = await response.text();
    if (!response.ok) throw new RateProviderError(`The rates provider answered HTTP ${response.status}`);
    try {
      return parseJsonKeepingNumbers(text);
    } catch {
      throw new RateProviderError("The rates provider answered something other than JSON");
    }
  }

  return {
    name: "frankfurter",
    async fetchRates({ base, quotes, from, to }) {
      const supported = await get("/currencies");
      if (!isRecord(supported) || !(base in supported)) return [];
      const symbols = quotes.filter((quote) => quote !== base && quote in supported);
      if (symbols.length === 0) return [];
      const body = await get(`/${from}..${to}?base=${encodeURIComponent(base)}&symbols=${symbols.join(",")}`);
      return readTimeSeries(body, base, new Set(symbols));
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `{ base, rates: { "2026-01-02": { "EUR": "0.91" } } }` (numbers already as text) → rows. */
function readTimeSeries(body: unknown, base: string, wanted: Set<string>): ProviderRate[] {
  if (!isRecord(body) || !isRecord(body.rates) || body.base !== base) {
    throw new RateProviderError("The rates provider's answer is not a time series for the asked base");
  }
  const out: ProviderRate[] = [];
  for (const [date, day] of Object.entries(body.rates)) {
    if (!isIsoDate(date) || !isRecord(day)) throw new RateProviderError("The rates provider sent a malformed day");
    for (const [quote, value] of Object.entries(day)) {
      if (!wanted.has(quote) || !CURRENCY_PATTERN.test(quote)) continue;
      out.push({ date, base, quote, rate: storedRate(value) });
    }
  }
  return out;
}

function storedRate(value: unknown): string {
  try {
    const rate = formatRatio(parseRate(String(value)));
    if (rate === "0" || rate.split(".")[0]!.length > 18) throw new Error("out of range");
    return rate;
  } catch {
    throw new RateProviderError("The rates provider sent a rate that is not a positive decimal");
  }
}

/** The configured provider, or null (the default): nothing leaves the machine unless asked. */
export function rateProviderFromEnv(env: { RATES_PROVIDER: "none" | "frankfurter"; RATES_PROVIDER_URL: string }) {
  return env.RATES_PROVIDER === "frankfurter" ? frankfurterProvider({ baseUrl: env.RATES_PROVIDER_URL }) : null;
}
