import { z } from "../zod";
import { BooleanQuerySchema, CurrencySchema, IdSchema, IsoDateSchema, MinorUnitsSchema, MonthSchema } from "./common";

// No /i flag: JSON Schema patterns have no flags, so /openapi.json would state a pattern nothing matches.
const UUID_OR_SHARED = /^(shared|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;
const Member = z
  .string()
  .regex(UUID_OR_SHARED, "must be a member id or shared")
  .transform((v) => v.toLowerCase());

/**
 * Filters shared by every /analytics report. Pending transactions are left out unless
 * asked for; amounts in different currencies are never added: one currency per report.
 */
export const AnalyticsQuerySchema = z
  .object({
    from: IsoDateSchema.optional().openapi({ description: "First date (default: the first day of 11 months ago)" }),
    to: IsoDateSchema.optional().openapi({ description: "Last date (default: today, UTC)" }),
    accountId: IdSchema.optional(),
    member: Member.optional().openapi({
      description: "Accounts owned by this member, or `shared` for accounts owned by no one",
    }),
    includePending: BooleanQuerySchema.optional().openapi({
      description: "Count pending transactions (default false)",
    }),
    currency: CurrencySchema.optional().openapi({
      description: "Only amounts in this currency (default: the household's)",
    }),
  })
  .refine((q) => !(q.from && q.to) || q.from <= q.to, { message: "from must not be after to", path: ["from"] });

export const TopMerchantsQuerySchema = z
  .object({
    from: IsoDateSchema.optional(),
    to: IsoDateSchema.optional(),
    accountId: IdSchema.optional(),
    member: Member.optional(),
    includePending: BooleanQuerySchema.optional(),
    currency: CurrencySchema.optional(),
    limit: z.coerce.number().int().min(1, "must be at least 1").max(100, "must be at most 100").default(10),
  })
  .refine((q) => !(q.from && q.to) || q.from <= q.to, { message: "from must not be after to", path: ["from"] });

const Range = { from: IsoDateSchema, to: IsoDateSchema, currency: z.string() };

export const CategorySpendSchema = z
  .object({
    categoryId: IdSchema.nullable().openapi({ description: "null: uncategorised money out" }),
    name: z.string(),
    amount: MinorUnitsSchema.openapi({ description: "Net spending here and in every subcategory" }),
    own: MinorUnitsSchema.openapi({ description: "Net spending recorded on this category itself" }),
    children: z
      .array(z.object({ categoryId: IdSchema, name: z.string(), amount: MinorUnitsSchema }))
      .openapi({ description: "Direct subcategories, each with its own roll-up" }),
  })
  .openapi("CategorySpend");

export const SpendingByCategorySchema = z
  .object({ ...Range, total: MinorUnitsSchema, items: z.array(CategorySpendSchema) })
  .openapi("SpendingByCategory");

export const IncomeExpenseMonthSchema = z
  .object({ month: MonthSchema, income: MinorUnitsSchema, expense: MinorUnitsSchema, net: MinorUnitsSchema })
  .openapi("IncomeExpenseMonth");

export const IncomeExpenseSchema = z
  .object({
    ...Range,
    totals: z.object({ income: MinorUnitsSchema, expense: MinorUnitsSchema, net: MinorUnitsSchema }),
    months: z.array(IncomeExpenseMonthSchema),
  })
  .openapi("IncomeExpense");

const Change = z.object({
  amount: MinorUnitsSchema.nullable(),
  change: MinorUnitsSchema.nullable(),
  percent: z.number().nullable().openapi({ description: "One decimal; null when the earlier figure is zero" }),
});

export const CategoryTrendSchema = z
  .object({
    categoryId: IdSchema.nullable(),
    name: z.string(),
    months: z.array(
      z.object({
        month: MonthSchema,
        amount: MinorUnitsSchema,
        monthOverMonth: Change.openapi({ description: "Against the month before" }),
        yearOverYear: Change.openapi({ description: "Against the same month a year before" }),
      }),
    ),
  })
  .openapi("CategoryTrend");

export const TrendsSchema = z
  .object({ ...Range, items: z.array(CategoryTrendSchema).openapi({ description: "Top-level categories, rolled up" }) })
  .openapi("Trends");

export const TopMerchantsSchema = z
  .object({
    ...Range,
    items: z.array(
      z.object({
        merchant: z.string().openapi({ description: "The merchant, else the description" }),
        amount: MinorUnitsSchema.openapi({ description: "Net spending" }),
        count: z.number().int(),
      }),
    ),
  })
  .openapi("TopMerchants");

export const BalancesSchema = z
  .object({
    ...Range,
    months: z.array(MonthSchema),
    accounts: z.array(
      z.object({
        accountId: IdSchema,
        name: z.string(),
        balances: z.array(MinorUnitsSchema).openapi({ description: "Month-end balance, one per entry of months" }),
      }),
    ),
  })
  .openapi("Balances");

export const NetWorthSchema = z
  .object({
    ...Range,
    months: z.array(z.object({ month: MonthSchema, netWorth: MinorUnitsSchema })),
  })
  .openapi("NetWorth");

export const SavingsRateSchema = z
  .object({
    ...Range,
    total: z.object({
      income: MinorUnitsSchema,
      expense: MinorUnitsSchema,
      saved: MinorUnitsSchema,
      rate: z.number().nullable().openapi({ description: "saved / income, four decimals; null without income" }),
    }),
    months: z.array(
      z.object({
        month: MonthSchema,
        income: MinorUnitsSchema,
        expense: MinorUnitsSchema,
        saved: MinorUnitsSchema,
        rate: z.number().nullable(),
      }),
    ),
  })
  .openapi("SavingsRate");

export type AnalyticsQuery = z.infer<typeof AnalyticsQuerySchema>;
export type TopMerchantsQuery = z.infer<typeof TopMerchantsQuerySchema>;
export type SpendingByCategory = z.infer<typeof SpendingByCategorySchema>;
export type CategorySpend = z.infer<typeof CategorySpendSchema>;
export type IncomeExpense = z.infer<typeof IncomeExpenseSchema>;
export type Trends = z.infer<typeof TrendsSchema>;
export type TopMerchants = z.infer<typeof TopMerchantsSchema>;
export type Balances = z.infer<typeof BalancesSchema>;
export type NetWorth = z.infer<typeof NetWorthSchema>;
export type SavingsRate = z.infer<typeof SavingsRateSchema>;
