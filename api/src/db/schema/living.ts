// Settling up between the two members, exchange rates, and the kept monthly reports.
// Tables import what they reference from ./core; they are exported through ../schema.
import { RATE_SOURCES } from "@tandem/shared";
import { sql } from "drizzle-orm";
import { check, date, index, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, householdRef, money, transactions, updatedAt, users } from "./core";

/** A payment from one member to the other that squares (part of) what is owed. */
export const settlements = pgTable(
  "settlements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    fromUserId: uuid("from_user_id").references(() => users.id, { onDelete: "set null" }),
    toUserId: uuid("to_user_id").references(() => users.id, { onDelete: "set null" }),
    amount: money("amount").notNull(),
    currency: text("currency").notNull(),
    date: date("date", { mode: "string" }).notNull(),
    note: text("note"),
    /** The synced transfer this settlement is; it then counts only as the settlement. */
    transactionId: uuid("transaction_id").references(() => transactions.id, { onDelete: "set null" }),
    idempotencyKey: text("idempotency_key"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("settlements_household_date_idx").on(t.householdId, t.date),
    uniqueIndex("settlements_transaction_key").on(t.householdId, t.transactionId),
    uniqueIndex("settlements_idempotency_key").on(t.householdId, t.idempotencyKey),
    check("settlements_amount_positive", sql`${t.amount} > 0`),
  ],
);

/**
 * 1 `base` = `rate` `quote` on `date`. numeric, not float: a rate is converted exactly
 * (see domain/currency). Kept per household, like everything else it uploads.
 */
export const exchangeRates = pgTable(
  "exchange_rates",
  {
    householdId: householdRef(),
    date: date("date", { mode: "string" }).notNull(),
    base: text("base_currency").notNull(),
    quote: text("quote_currency").notNull(),
    rate: numeric("rate", { precision: 30, scale: 12 }).notNull(),
    source: text("source", { enum: RATE_SOURCES }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("exchange_rates_key").on(t.householdId, t.base, t.quote, t.date),
    check("exchange_rates_rate_positive", sql`${t.rate} > 0`),
  ],
);

/** A month's report as it was generated, so past months can be browsed as they were sent. */
export const monthlyReports = pgTable(
  "monthly_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    month: text("month").notNull(),
    baseCurrency: text("base_currency").notNull(),
    data: jsonb("data").notNull(),
    generatedAt: timestamp("generated_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("monthly_reports_month_key").on(t.householdId, t.month)],
);
