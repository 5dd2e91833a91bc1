import { convertMinor } from "./convert";
import { buildRateTable, findRate, type RateRow } from "./lookup";

/** An amount in the household's base currency, and the rate that made it. */
export interface Converted {
  /** Integer minor units of the base currency. */
  amount: number;
  /** The rate used (1 unit of the amount's currency = rate base units), as a decimal string. */
  rate: string;
  /** The date of the rate used, which may be a few days before the amount's date (weekends). */
  rateDate: string;
  /** True when the rate is the exact inverse of a stored base→currency rate. */
  inverse: boolean;
}

export interface Converter {
  base: string;
  /**
   * Null when no usable rate exists: the caller lists the amount as unconverted, never guesses.
   * Throws RangeError when the result would exceed 2^53 − 1 minor units.
   */
  convert(amount: number, currency: string, date: string): Converted | null;
}

/** A converter into `base` over an in-memory list of rates (see findRate for the lookup rule). */
export function createConverter(base: string, rows: Iterable<RateRow>): Converter {
  const table = buildRateTable(rows);
  return {
    base,
    convert(amount, currency, date) {
      const found = findRate(table, currency, base, date);
      if (!found) return null;
      return {
        amount: convertMinor(amount, found.ratio, currency, base),
        rate: found.rate,
        rateDate: found.date,
        inverse: found.inverse,
      };
    },
  };
}
