// Categorisation rules and the suggestions learnt from members' edits.
// Tables import what they reference from ./core; they are exported through ../schema.
import type { RuleAction, RuleCondition } from "@tandem/shared";
import { RULE_MATCH_MODES, RULE_STAGES } from "@tandem/shared";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { categories, createdAt, householdRef, transactions, updatedAt, users } from "./core";

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

export const rules = pgTable(
  "rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    name: text("name").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    stage: text("stage", { enum: RULE_STAGES }).notNull().default("normal"),
    priority: integer("priority").notNull().default(0),
    match: text("match", { enum: RULE_MATCH_MODES }).notNull().default("all"),
    /** Validated by the contract (and regexes by the safety check) before they get here. */
    conditions: jsonb("conditions").$type<RuleCondition[]>().notNull(),
    actions: jsonb("actions").$type<RuleAction[]>().notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("rules_household_order_idx").on(t.householdId, t.stage, t.priority),
    check("rules_stage_check", sql`${t.stage} in (${inList(RULE_STAGES)})`),
    check("rules_match_check", sql`${t.match} in (${inList(RULE_MATCH_MODES)})`),
  ],
);

/**
 * One row each time a member moves a transaction to a category by hand: the evidence
 * behind rule suggestions. `merchantKey` is the lower-cased merchant (or description
 * when there is none) at the time of the edit.
 */
export const categoryEdits = pgTable(
  "category_edits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    transactionId: uuid("transaction_id")
      .notNull()
      .references(() => transactions.id, { onDelete: "cascade" }),
    memberId: uuid("member_id").references(() => users.id, { onDelete: "set null" }),
    field: text("field", { enum: ["merchant", "description"] }).notNull(),
    merchant: text("merchant").notNull(),
    merchantKey: text("merchant_key").notNull(),
    fromCategoryId: uuid("from_category_id").references(() => categories.id, { onDelete: "set null" }),
    toCategoryId: uuid("to_category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("category_edits_household_idx").on(t.householdId, t.merchantKey, t.toCategoryId),
    index("category_edits_transaction_idx").on(t.transactionId),
  ],
);

/** A suggestion a member said no to; it is not offered again. */
export const ruleSuggestionDismissals = pgTable(
  "rule_suggestion_dismissals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    merchantKey: text("merchant_key").notNull(),
    categoryId: uuid("category_id")
      .notNull()
      .references(() => categories.id, { onDelete: "cascade" }),
    dismissedBy: uuid("dismissed_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("rule_suggestion_dismissals_key").on(t.householdId, t.merchantKey, t.categoryId)],
);
