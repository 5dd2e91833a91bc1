// Monthly totals of transactions, kept by the database itself (statement triggers in
// migration 0005), so a year of analytics sums twelve rows per account and category
// instead of every transaction. No foreign keys: the rows follow the transactions, and
// disappear when their count reaches zero (including when a household is deleted).
import { boolean, date, integer, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { money } from "./core";

export const transactionMonthTotals = pgTable(
  "transaction_month_totals",
  {
    householdId: uuid("household_id").notNull(),
    accountId: uuid("account_id").notNull(),
    categoryId: uuid("category_id"),
    /** The first day of the month. */
    month: date("month", { mode: "string" }).notNull(),
    currency: text("currency").notNull(),
    pending: boolean("pending").notNull(),
    /** amount > 0: uncategorised money in is income, out is spending. */
    inflow: boolean("inflow").notNull(),
    amount: money("amount").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [
    unique("transaction_month_totals_key")
      .on(t.householdId, t.month, t.accountId, t.categoryId, t.currency, t.pending, t.inflow)
      .nullsNotDistinct(),
  ],
);
