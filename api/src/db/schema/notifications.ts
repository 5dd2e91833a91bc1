// A member's notification feed and what they want in it.
// Tables import what they reference from ./core; they are exported through ../schema.
import { NOTIFICATION_MODES, NOTIFICATION_TOPICS } from "@tandem/shared";
import { sql } from "drizzle-orm";
import { index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, householdRef, money, updatedAt, users } from "./core";

/**
 * One row per member per event: each member reads (and mutes) their own copy.
 * `dedupeKey` names the event, so retries and concurrent raisers create it once.
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    topic: text("topic", { enum: NOTIFICATION_TOPICS }).notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    /** What the notification is about, for a link in the dashboard ({ budgetId }, { transactionId }, …). */
    subject: jsonb("subject").$type<Record<string, string>>(),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_dedupe_key").on(t.householdId, t.userId, t.dedupeKey),
    index("notifications_feed_idx").on(t.userId, t.createdAt, t.id),
    index("notifications_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

/** A member's choice per topic; no row means "on" with the topic's default threshold. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    householdId: householdRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    topic: text("topic", { enum: NOTIFICATION_TOPICS }).notNull(),
    mode: text("mode", { enum: NOTIFICATION_MODES }).notNull(),
    /** large_transaction: the smallest absolute amount, in the household's base currency, that notifies. */
    threshold: money("threshold"),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.topic] })],
);
