import { z } from "../zod";
import { CurrencySchema, IdSchema, IsoDateSchema, MinorUnitsSchema, MonthSchema, TimestampSchema } from "./common";

/** Calendar periods: weeks start on Monday (ISO 8601), quarters in January, April, July and October. */
export const BUDGET_PERIODS = ["weekly", "monthly", "quarterly", "yearly"] as const;
export const BudgetPeriodSchema = z.enum(BUDGET_PERIODS).openapi({ example: "monthly" });

const PositiveMinor = MinorUnitsSchema.refine((v) => v > 0, "must be more than zero").openapi({
  description: "Integer minor units (e.g. cents) per period; more than zero",
  example: 50000,
});

export const BudgetSchema = z
  .object({
    id: IdSchema,
    categoryId: IdSchema.nullable().openapi({ description: "null: an overall budget for all spending" }),
    amount: MinorUnitsSchema,
    currency: z.string(),
    period: BudgetPeriodSchema,
    startDate: IsoDateSchema,
    endDate: IsoDateSchema.nullable(),
    rollover: z.boolean().openapi({ description: "Carry each period's unspent (or overspent) amount into the next" }),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .openapi("Budget");

export const CreateBudgetBodySchema = z
  .strictObject({
    categoryId: IdSchema.nullable().default(null).openapi({
      description: "An expense category (its subcategories count too); null or absent for an overall budget",
    }),
    amount: PositiveMinor,
    currency: CurrencySchema.optional().openapi({ description: "Defaults to the household's; must equal it" }),
    period: BudgetPeriodSchema,
    startDate: IsoDateSchema.openapi({ description: "The budget applies from the period containing this date" }),
    endDate: IsoDateSchema.nullable().default(null).openapi({ description: "Last date it applies; null: open-ended" }),
    rollover: z.boolean().default(false),
  })
  .refine((b) => b.endDate === null || b.endDate >= b.startDate, {
    message: "endDate must not be before startDate",
    path: ["endDate"],
  })
  .openapi("CreateBudgetBody");

export const UpdateBudgetBodySchema = z
  .strictObject({
    categoryId: IdSchema.nullable().optional(),
    amount: PositiveMinor.optional(),
    period: BudgetPeriodSchema.optional(),
    startDate: IsoDateSchema.optional(),
    endDate: IsoDateSchema.nullable().optional(),
    rollover: z.boolean().optional(),
  })
  .openapi("UpdateBudgetBody");

export const BudgetListSchema = z.object({ items: z.array(BudgetSchema) }).openapi("BudgetList");

export const BudgetStatusQuerySchema = z
  .object({
    date: IsoDateSchema.optional().openapi({
      description:
        "Each budget is reported for its period containing this date (default: today, UTC); elapsed days for the projection count up to it",
    }),
    period: MonthSchema.optional().openapi({
      description:
        "A month, YYYY-MM: each budget is reported for its period containing that month's last day (or today, if the month is the current one)",
      example: "2026-11",
    }),
  })
  .refine((q) => !(q.date && q.period), { message: "give date or period, not both", path: ["period"] });

export const BudgetStatusSchema = z
  .object({
    budgetId: IdSchema,
    categoryId: IdSchema.nullable(),
    period: BudgetPeriodSchema,
    currency: z.string(),
    periodStart: IsoDateSchema,
    periodEnd: IsoDateSchema,
    active: z.boolean().openapi({ description: "false when the period lies outside startDate..endDate" }),
    budgeted: MinorUnitsSchema,
    rolloverIn: MinorUnitsSchema.openapi({ description: "Carried from earlier periods; negative when overspent" }),
    available: MinorUnitsSchema.openapi({ description: "budgeted + rolloverIn" }),
    spent: MinorUnitsSchema.openapi({ description: "Net posted spending in the period (refunds reduce it)" }),
    remaining: MinorUnitsSchema.openapi({ description: "available - spent" }),
    percent: z
      .number()
      .nullable()
      .openapi({ description: "spent / available x 100, one decimal; null when available <= 0" }),
    daysElapsed: z.number().int(),
    daysInPeriod: z.number().int(),
    projectedSpend: MinorUnitsSchema.openapi({
      description: "spent x daysInPeriod / daysElapsed, rounded half to even to a minor unit",
    }),
    projectedOver: z.boolean(),
    over: z.boolean().openapi({ description: "spent exceeds available" }),
  })
  .openapi("BudgetStatus");

export const BudgetStatusListSchema = z
  .object({ date: IsoDateSchema, items: z.array(BudgetStatusSchema) })
  .openapi("BudgetStatusList");

export type Budget = z.infer<typeof BudgetSchema>;
export type BudgetPeriod = z.infer<typeof BudgetPeriodSchema>;
export type BudgetStatus = z.infer<typeof BudgetStatusSchema>;
export type CreateBudgetBody = z.infer<typeof CreateBudgetBodySchema>;
export type UpdateBudgetBody = z.infer<typeof UpdateBudgetBodySchema>;
