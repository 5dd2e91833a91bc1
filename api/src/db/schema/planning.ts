// Recurring series and templates, and savings goals.
// Tables import what they reference from ./core; they are exported through ../schema.
import { RECURRING_CADENCES, RECURRING_KINDS, RECURRING_STATUSES } from "@tandem/shared";
import { sql } from "drizzle-orm";
import { check, date, index, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts, categories, createdAt, householdRef, money, transactions, updatedAt, users } from "./core";

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

/**
 * A member's decision about a detected series (kept under the id derived from its
 * detection key, so a dismissed series stays dismissed), or a member's template.
 * Detected series nobody has acted on have no row: they are computed on read.
 */
export const recurringSeries = pgTable(
  "recurring_series",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    kind: text("kind", { enum: RECURRING_KINDS }).notNull(),
    status: text("status", { enum: RECURRING_STATUSES }).notNull(),
    /** account|direction|merchant key|cadence for detected series; null for templates. */
    detectionKey: text("detection_key"),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    merchant: text("merchant").notNull(),
    description: text("description").notNull(),
    categoryId: uuid("category_id").references(() => categories.id, { onDelete: "set null" }),
    cadence: text("cadence", { enum: RECURRING_CADENCES }).notNull(),
    amount: money("amount").notNull(),
    /** Templates: the schedule's anchor; detected: the next date a member set (when edited). */
    anchorDate: date("anchor_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }),
    /** Templates: occurrences up to here have been created. */
    processedThrough: date("processed_through", { mode: "string" }),
    /** Fields a member set on a detected series; detection no longer overrides them. */
    editedFields: text("edited_fields").array().notNull().default(sql`'{}'::text[]`),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("recurring_series_detection_key").on(t.householdId, t.detectionKey),
    index("recurring_series_household_idx").on(t.householdId, t.status),
    check("recurring_series_kind_check", sql`${t.kind} in (${inList(RECURRING_KINDS)})`),
    check("recurring_series_status_check", sql`${t.status} in (${inList(RECURRING_STATUSES)})`),
    check("recurring_series_cadence_check", sql`${t.cadence} in (${inList(RECURRING_CADENCES)})`),
  ],
);

export const goals = pgTable(
  "goals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    name: text("name").notNull(),
    targetAmount: money("target_amount").notNull(),
    currency: text("currency").notNull(),
    deadline: date("deadline", { mode: "string" }),
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("goals_household_idx").on(t.householdId, t.name),
    check("goals_target_positive", sql`${t.targetAmount} > 0`),
    check("goals_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/** A transaction set aside for a goal; each transaction counts towards at most one goal. */
export const goalContributions = pgTable(
  "goal_contributions",
  {
    householdId: householdRef(),
    goalId: uuid("goal_id")
      .notNull()
      .references(() => goals.id, { onDelete: "cascade" }),
    transactionId: uuid("transaction_id")
      .notNull()
      .references(() => transactions.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.goalId, t.transactionId] }),
    uniqueIndex("goal_contributions_transaction_key").on(t.householdId, t.transactionId),
    index("goal_contributions_goal_idx").on(t.householdId, t.goalId),
  ],
);
