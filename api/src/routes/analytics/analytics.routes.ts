import { createRoute } from "@hono/zod-openapi";
import {
  AnalyticsQuerySchema,
  BalancesSchema,
  IncomeExpenseSchema,
  NetWorthSchema,
  SavingsRateSchema,
  SpendingByCategorySchema,
  TopMerchantsQuerySchema,
  TopMerchantsSchema,
  TrendsSchema,
} from "@tandem/shared";
import type { ZodType } from "zod";
import { bearerAuth, jsonContent, problems } from "../../lib/openapi";

const tags = ["Analytics"];
const COMMON =
  "Filters: `from`..`to` (default the last 12 calendar months to today), `accountId`, `member` (the account " +
  "owner's id, or `shared`), `includePending` (default false), `currency` (default the household's; amounts " +
  "in other currencies are left out, never added). Transfers (category kind transfer) are neither income nor " +
  "spending; uncategorised money out is spending, money in is income; refunds lower spending.";

function report<T extends ZodType>(path: string, summary: string, schema: T, extra = "") {
  return createRoute({
    method: "get",
    path,
    tags,
    security: bearerAuth,
    summary,
    description: `${extra}${extra ? " " : ""}${COMMON}`,
    request: { query: AnalyticsQuerySchema },
    responses: { 200: jsonContent(schema, summary), ...problems(401, 422) },
  });
}

export const spendingByCategory = report(
  "/spending-by-category",
  "Spending by category, subcategories rolled up",
  SpendingByCategorySchema,
  "Each top-level category's amount includes its subcategories; `children` breaks it down.",
);
export const incomeExpense = report("/income-expense", "Income and spending by month", IncomeExpenseSchema);
export const trends = report(
  "/trends",
  "Spending per category by month, month over month and year over year",
  TrendsSchema,
  "Whole calendar months from the month of `from` to the month of `to`.",
);
export const balances = report(
  "/balances",
  "Account balances at each month end",
  BalancesSchema,
  "Opening balance plus every transaction (transfers included) up to each month's end; accounts in `currency`.",
);
export const netWorth = report(
  "/net-worth",
  "Net worth at each month end",
  NetWorthSchema,
  "The sum of the month-end balances of the accounts in scope (credit and loan balances are negative).",
);
export const savingsRate = report(
  "/savings-rate",
  "Savings rate: (income - spending) / income, by month and overall",
  SavingsRateSchema,
);

export const topMerchants = createRoute({
  method: "get",
  path: "/top-merchants",
  tags,
  security: bearerAuth,
  summary: "Where the money goes: net spending by merchant (else description)",
  description: COMMON,
  request: { query: TopMerchantsQuerySchema },
  responses: { 200: jsonContent(TopMerchantsSchema, "Top merchants"), ...problems(401, 422) },
});
