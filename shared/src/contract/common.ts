import { isIsoDate } from "../dates";
import { CURRENCY_PATTERN } from "../money";
import { z } from "../zod";

export const IdSchema = z.uuid().openapi({ example: "0b9a3c0e-6a52-4f1e-9a55-0e7f6a2f8c11" });

export const CurrencySchema = z
  .string()
  .regex(CURRENCY_PATTERN, "must be an ISO 4217 code such as USD")
  .openapi({ example: "USD" });

export const IsoDateSchema = z
  .string()
  .refine(isIsoDate, "must be a calendar date written YYYY-MM-DD")
  .openapi({ format: "date", example: "2026-11-01" });

/** A calendar month. */
export const MonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be a month written YYYY-MM")
  .openapi({ example: "2026-10" });

/** Signed integer minor units: -1234 is 12.34 leaving the account. */
export const MinorUnitsSchema = z
  .number()
  .int("must be a whole number of minor units (cents), not a fraction")
  .min(Number.MIN_SAFE_INTEGER)
  .max(Number.MAX_SAFE_INTEGER)
  .openapi({ description: "Integer minor units (e.g. cents). Negative = money leaves the account.", example: -1234 });

export const TimestampSchema = z.string().openapi({ format: "date-time" });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ description: "Stable machine-readable error code", example: "validation_failed" }),
    detail: z.string().optional(),
    requestId: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

export const IdParamsSchema = z.object({
  id: IdSchema.openapi({ param: { name: "id", in: "path" } }),
});

export const PageLimitSchema = z.coerce
  .number()
  .int()
  .min(1, "must be at least 1")
  .max(200, "must be at most 200")
  .default(50);

export const CursorSchema = z
  .string()
  .min(1)
  .max(512)
  .openapi({ description: "Opaque cursor from the previous page's nextCursor" });

export const BooleanQuerySchema = z.enum(["true", "false"]).transform((value) => value === "true");
