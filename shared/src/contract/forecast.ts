import { z } from "../zod";
import { IdSchema, IsoDateSchema, MinorUnitsSchema } from "./common";

export const ForecastQuerySchema = z.object({
  days: z.coerce
    .number()
    .int("must be a whole number of days")
    .min(1, "must be at least 1")
    .max(366, "must be at most 366")
    .default(30),
  accountId: IdSchema.optional(),
});

export const ForecastPointSchema = z
  .object({
    date: IsoDateSchema,
    balance: MinorUnitsSchema,
    recurring: MinorUnitsSchema.openapi({ description: "Confirmed recurring items expected this day" }),
    budgets: MinorUnitsSchema.openapi({ description: "This day's share of the budgets' remaining spending" }),
  })
  .openapi("ForecastPoint");

export const ForecastItemSchema = z
  .object({
    date: IsoDateSchema,
    amount: MinorUnitsSchema,
    seriesId: IdSchema,
    label: z.string(),
  })
  .openapi("ForecastItem");

export const ForecastAccountSchema = z
  .object({
    accountId: IdSchema,
    name: z.string(),
    currency: z.string(),
    startBalance: MinorUnitsSchema.openapi({ description: "Today's posted balance, as GET /accounts gives it" }),
    endBalance: MinorUnitsSchema,
    lowest: z.object({ date: IsoDateSchema, balance: MinorUnitsSchema }),
    points: z.array(ForecastPointSchema).openapi({ description: "One per day after today" }),
    items: z.array(ForecastItemSchema),
  })
  .openapi("ForecastAccount");

export const ForecastSchema = z
  .object({
    today: IsoDateSchema,
    days: z.number().int(),
    budgetsIncluded: z.boolean().openapi({ description: "Whether budgets' remaining spending is spread in" }),
    accounts: z.array(ForecastAccountSchema),
  })
  .openapi("Forecast");

export type Forecast = z.infer<typeof ForecastSchema>;
export type ForecastAccount = z.infer<typeof ForecastAccountSchema>;
