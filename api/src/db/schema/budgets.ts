// Budgets per category or overall, by period, with rollover.
// Tables import what they reference from ./core; they are exported through ../schema.
import { BUDGET_PERIODS } from "@tandem/shared";
import { sql } from "drizzle-orm";
import { boolean, check, date, index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { categories, createdAt, householdRef, money, updatedAt } from "./core";

export const budgets = pgTable(
  "budgets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    /** null: an overall budget. Deleting the category deletes its budget (it would not mean "overall"). */
    categoryId: uuid("category_id").references(() => categories.id, { onDelete: "cascade" }),
    amount: money("amount").notNull(),
    currency: text("currency").notNull(),
    period: text("period", { enum: BUDGET_PERIODS }).notNull(),
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }),
    rollover: boolean("rollover").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("budgets_household_idx").on(t.householdId, t.createdAt),
    check("budgets_amount_positive", sql`${t.amount} > 0`),
    check("budgets_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("budgets_period_check", sql`${t.period} in ('weekly', 'monthly', 'quarterly', 'yearly')`),
    check("budgets_dates_check", sql`${t.endDate} is null or ${t.endDate} >= ${t.startDate}`),
  ],
);
