import { addDays } from "../dates";
import { z } from "../zod";
import { CurrencySchema, CursorSchema, IsoDateSchema, PageLimitSchema, TimestampSchema } from "./common";

/** Where a stored exchange rate came from. */
export const RATE_SOURCES = ["upload", "provider"] as const;
export const RateSourceSchema = z.enum(RATE_SOURCES);

/** Rows one upload may carry; the 1 MB body limit allows about this many CSV lines. */
export const MAX_RATES_PER_UPLOAD = 20_000;
/** Longest date range one provider refresh may ask for. */
export const MAX_REFRESH_DAYS = 366;

/**
 * A positive decimal written as a STRING, up to 18 integer digits and 12 decimals (the
 * column is numeric(30,12)). JSON numbers are refused: a parser may turn 0.123456789012345
 * into a nearby double, and a rate must keep the digits its source published.
 */
export const RateValueSchema = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? "required"
        : 'must be a decimal string such as "0.9123" (a JSON number may lose digits)',
  })
  .regex(/^\d{1,18}(\.\d{1,12})?$/, {
    message: "must be a positive decimal with at most 12 decimal places, such as 0.9123",
    abort: true,
  })
  .refine((value) => /[1-9]/.test(value), "must be greater than zero")
  .openapi({ description: "1 base = rate quote, as a decimal string", example: "0.9123" });

export const RateInputSchema = z
  .strictObject({ date: IsoDateSchema, base: CurrencySchema, quote: CurrencySchema, rate: RateValueSchema })
  .refine((row) => row.base !== row.quote, { message: "base and quote must differ", path: ["quote"] })
  .openapi("RateInput", { description: "1 `base` = `rate` `quote` on `date`" });

export const RatesUploadBodySchema = z
  .strictObject({
    rates: z
      .array(RateInputSchema)
      .min(1, "must hold at least one rate")
      .max(MAX_RATES_PER_UPLOAD, `must hold at most ${MAX_RATES_PER_UPLOAD} rates`),
  })
  .openapi("RatesUploadBody");

export const ExchangeRateSchema = z
  .object({
    date: IsoDateSchema,
    base: z.string(),
    quote: z.string(),
    rate: z.string().openapi({ description: "1 base = rate quote; exact decimal, no trailing zeros", example: "0.91" }),
    source: RateSourceSchema,
    updatedAt: TimestampSchema,
  })
  .openapi("ExchangeRate");

export const ExchangeRateListSchema = z
  .object({ items: z.array(ExchangeRateSchema), nextCursor: z.string().nullable() })
  .openapi("ExchangeRateList");

const fromNotAfterTo = (q: { from?: string | undefined; to?: string | undefined }) =>
  !(q.from && q.to) || q.from <= q.to;

export const RatesQuerySchema = z
  .object({
    base: CurrencySchema.optional(),
    quote: CurrencySchema.optional(),
    from: IsoDateSchema.optional(),
    to: IsoDateSchema.optional(),
    limit: PageLimitSchema,
    cursor: CursorSchema.optional(),
  })
  .refine(fromNotAfterTo, { message: "from must not be after to", path: ["from"] });

export const DeleteRatesQuerySchema = z
  .object({ base: CurrencySchema, quote: CurrencySchema, from: IsoDateSchema, to: IsoDateSchema })
  .refine(fromNotAfterTo, { message: "from must not be after to", path: ["from"] });

export const RatesWriteResultSchema = z
  .object({
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
  })
  .openapi("RatesWriteResult");

export const RatesRefreshBodySchema = z
  .strictObject({ from: IsoDateSchema, to: IsoDateSchema })
  .refine(fromNotAfterTo, { message: "from must not be after to", path: ["from"] })
  .refine((q) => q.to <= addDays(q.from, MAX_REFRESH_DAYS - 1), {
    message: `the range must span at most ${MAX_REFRESH_DAYS} days`,
    path: ["to"],
  })
  .openapi("RatesRefreshBody");

export const RatesRefreshResultSchema = RatesWriteResultSchema.extend({
  provider: z.string(),
  base: z.string(),
  quotes: z.array(z.string()).openapi({ description: "The household's account currencies other than the base" }),
  from: IsoDateSchema,
  to: IsoDateSchema,
  fetched: z.number().int(),
  keptUploads: z
    .number()
    .int()
    .openapi({ description: "Uploaded rates the provider's differing rate did not replace" }),
  withoutRates: z
    .array(z.string())
    .openapi({ description: "Quotes the provider returned no rate for (unsupported currency, or no data)" }),
}).openapi("RatesRefreshResult");

export const DeletedRatesSchema = z.object({ deleted: z.number().int() }).openapi("DeletedRates");

export type RateSource = z.infer<typeof RateSourceSchema>;
export type RateInput = z.infer<typeof RateInputSchema>;
export type RatesUploadBody = z.infer<typeof RatesUploadBodySchema>;
export type ExchangeRate = z.infer<typeof ExchangeRateSchema>;
export type ExchangeRateList = z.infer<typeof ExchangeRateListSchema>;
export type RatesQuery = z.infer<typeof RatesQuerySchema>;
export type DeleteRatesQuery = z.infer<typeof DeleteRatesQuerySchema>;
export type RatesWriteResult = z.infer<typeof RatesWriteResultSchema>;
export type RatesRefreshBody = z.infer<typeof RatesRefreshBodySchema>;
export type RatesRefreshResult = z.infer<typeof RatesRefreshResultSchema>;
