import { z } from "../zod";
import { BudgetPeriodSchema } from "./budgets";
import { IdSchema, IsoDateSchema, MinorUnitsSchema, MonthSchema, TimestampSchema } from "./common";
import { GoalStatusSchema } from "./goals";

/**
 * A month's report in the household's base currency. Every amount in another currency is
 * converted at the rate of its own date; an amount with no rate is left out of the base
 * figures and listed under `unconverted`, never guessed.
 */

export const REPORT_FORMATS = ["json", "pdf"] as const;

export const MonthlyReportQuerySchema = z.object({
  month: MonthSchema.optional().openapi({ description: "YYYY-MM; default: the current month (UTC)" }),
  format: z
    .enum(REPORT_FORMATS)
    .optional()
    .openapi({ description: "pdf for the printable report (Accept: application/pdf works too); default json" }),
});

export const RegenerateReportQuerySchema = z.object({
  month: MonthSchema.openapi({ description: "The finished month to generate again and keep" }),
});

const Flows = {
  income: MinorUnitsSchema.openapi({ description: "Money in, corrections deducted" }),
  spending: MinorUnitsSchema.openapi({ description: "Money out, refunds deducted" }),
  net: MinorUnitsSchema.openapi({ description: "income - spending" }),
};

export const ReportBudgetSchema = z
  .object({
    budgetId: IdSchema,
    period: BudgetPeriodSchema,
    currency: z.string(),
    available: MinorUnitsSchema.openapi({ description: "This month's budget plus rollover, in the budget's currency" }),
    availableInBase: MinorUnitsSchema.nullable().openapi({
      description: "available in the base currency (at the month's last day's rate); null when no rate exists",
    }),
    percent: z
      .number()
      .nullable()
      .openapi({ description: "Spent (base) / availableInBase x 100, one decimal; null without a base amount" }),
    over: z.boolean(),
  })
  .openapi("ReportBudget");

const CategoryFields = {
  categoryId: IdSchema.nullable().openapi({ description: "null: uncategorised money out" }),
  name: z.string(),
  spent: MinorUnitsSchema.openapi({ description: "Net spending in base currency, subcategories included" }),
  budget: ReportBudgetSchema.nullable(),
};

export const ReportCategorySchema = z
  .object({
    ...CategoryFields,
    children: z.array(z.object(CategoryFields)).openapi({ description: "Direct subcategories with spending" }),
  })
  .openapi("ReportCategory");

export const ReportMerchantSchema = z
  .object({ merchant: z.string(), amount: MinorUnitsSchema, count: z.number().int() })
  .openapi("ReportMerchant");

export const ReportGoalSchema = z
  .object({
    goalId: IdSchema,
    name: z.string(),
    currency: z.string(),
    targetAmount: MinorUnitsSchema,
    saved: MinorUnitsSchema,
    percent: z.number(),
    deadline: IsoDateSchema.nullable(),
    status: GoalStatusSchema,
  })
  .openapi("ReportGoal");

export const ReportDebtSchema = z
  .object({
    currency: z.string(),
    fromMemberId: IdSchema,
    fromName: z.string(),
    toMemberId: IdSchema,
    toName: z.string(),
    amount: MinorUnitsSchema,
  })
  .openapi("ReportDebt");

export const ReportSettleUpSchema = z
  .object({
    asOf: IsoDateSchema,
    debts: z.array(ReportDebtSchema).openapi({ description: "Who owes whom, per currency; empty when settled" }),
    settledCurrencies: z.array(z.string()).openapi({ description: "Currencies with activity and nothing owed" }),
  })
  .openapi("ReportSettleUp");

export const ReportChangeSchema = z
  .object({
    previous: MinorUnitsSchema,
    current: MinorUnitsSchema,
    change: MinorUnitsSchema,
    percent: z
      .number()
      .nullable()
      .openapi({ description: "change / previous x 100, one decimal; null when previous is 0" }),
  })
  .openapi("ReportChange");

export const ReportCategoryChangeSchema = z
  .object({ categoryId: IdSchema.nullable(), name: z.string(), ...ReportChangeSchema.shape })
  .openapi("ReportCategoryChange");

export const ReportChangesSchema = z
  .object({
    previousMonth: MonthSchema,
    income: ReportChangeSchema,
    spending: ReportChangeSchema,
    net: ReportChangeSchema,
    grew: z.array(ReportCategoryChangeSchema).openapi({
      description: "Top-level categories whose spending grew most (by amount, largest first, at most 3)",
    }),
    shrank: z.array(ReportCategoryChangeSchema).openapi({
      description: "Top-level categories whose spending fell most (by amount, largest fall first, at most 3)",
    }),
    previousUnconverted: z.number().int().openapi({
      description: "Transactions of the previous month without a rate: when above 0 the comparison is partial",
    }),
  })
  .openapi("ReportChanges");

export const UnconvertedSchema = z
  .object({
    count: z.number().int(),
    byCurrency: z.array(
      z.object({
        currency: z.string(),
        count: z.number().int(),
        income: MinorUnitsSchema.openapi({ description: "In that currency" }),
        spending: MinorUnitsSchema.openapi({ description: "In that currency" }),
      }),
    ),
    items: z
      .array(
        z.object({
          transactionId: IdSchema,
          date: IsoDateSchema,
          description: z.string(),
          amount: MinorUnitsSchema,
          currency: z.string(),
        }),
      )
      .openapi({ description: "The first few, oldest first" }),
  })
  .openapi("Unconverted");

export const MonthlyReportSchema = z
  .object({
    month: MonthSchema,
    from: IsoDateSchema,
    to: IsoDateSchema,
    householdName: z.string(),
    baseCurrency: z.string(),
    generatedAt: TimestampSchema,
    status: z.enum(["kept", "live"]).openapi({
      description: "kept: a finished month, as generated then (POST regenerates); live: the current month, not kept",
    }),
    totals: z.object(Flows).openapi({ description: "In the base currency; unconverted amounts left out" }),
    byCurrency: z
      .array(z.object({ currency: z.string(), ...Flows }))
      .openapi({ description: "Each currency's own totals, unconverted" }),
    categories: z.array(ReportCategorySchema).openapi({ description: "Largest spending first; uncategorised last" }),
    overallBudget: ReportBudgetSchema.nullable().openapi({
      description: "The monthly budget for all spending, if any",
    }),
    topMerchants: z.array(ReportMerchantSchema),
    goals: z.array(ReportGoalSchema),
    settleUp: ReportSettleUpSchema,
    changes: ReportChangesSchema,
    unconverted: UnconvertedSchema,
  })
  .openapi("MonthlyReport");

export const ReportHistorySchema = z
  .object({
    items: z.array(
      z.object({
        month: MonthSchema,
        baseCurrency: z.string(),
        generatedAt: TimestampSchema,
        totals: z.object(Flows),
        unconvertedCount: z.number().int(),
      }),
    ),
  })
  .openapi("ReportHistory");

export type MonthlyReport = z.infer<typeof MonthlyReportSchema>;
export type MonthlyReportQuery = z.infer<typeof MonthlyReportQuerySchema>;
export type ReportBudget = z.infer<typeof ReportBudgetSchema>;
export type ReportCategory = z.infer<typeof ReportCategorySchema>;
export type ReportChange = z.infer<typeof ReportChangeSchema>;
export type ReportCategoryChange = z.infer<typeof ReportCategoryChangeSchema>;
export type ReportChanges = z.infer<typeof ReportChangesSchema>;
export type ReportSettleUp = z.infer<typeof ReportSettleUpSchema>;
export type ReportGoal = z.infer<typeof ReportGoalSchema>;
export type ReportMerchant = z.infer<typeof ReportMerchantSchema>;
export type Unconverted = z.infer<typeof UnconvertedSchema>;
export type ReportHistory = z.infer<typeof ReportHistorySchema>;
