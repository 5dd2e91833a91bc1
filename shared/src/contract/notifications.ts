import { z } from "../zod";
import {
  BooleanQuerySchema,
  CursorSchema,
  IdSchema,
  MinorUnitsSchema,
  PageLimitSchema,
  TimestampSchema,
} from "./common";

/**
 * What a member can switch on, quiet or off. Each notification's kind belongs to one
 * topic (budget_warning and budget_exceeded are both "budget").
 */
export const NOTIFICATION_TOPICS = [
  "budget",
  "bank",
  "recurring",
  "goal",
  "large_transaction",
  "unusual_transaction",
  "settle_up",
] as const;
export const NotificationTopicSchema = z.enum(NOTIFICATION_TOPICS);

/** on: in the feed and counted as unread; quiet: in the feed, already read; off: not created. */
export const NOTIFICATION_MODES = ["on", "quiet", "off"] as const;
export const NotificationModeSchema = z.enum(NOTIFICATION_MODES);

export type NotificationTopic = z.infer<typeof NotificationTopicSchema>;
export type NotificationMode = z.infer<typeof NotificationModeSchema>;

/**
 * large_transaction's threshold when a member has not chosen one: 50,000 minor units of
 * the household's base currency (500.00 in a two-decimal currency).
 */
export const DEFAULT_LARGE_TRANSACTION_THRESHOLD = 50_000;

export const NotificationSchema = z
  .object({
    id: IdSchema,
    kind: z.string().openapi({ example: "budget_warning" }),
    topic: NotificationTopicSchema,
    title: z.string(),
    body: z.string(),
    subject: z
      .record(z.string(), z.string())
      .nullable()
      .openapi({ description: "Ids of what it is about, for a link ({ budgetId }, { transactionId }, …)" }),
    read: z.boolean(),
    createdAt: TimestampSchema,
  })
  .openapi("Notification");

export const ListNotificationsQuerySchema = z.object({
  unread: BooleanQuerySchema.optional().openapi({ description: "true: unread only" }),
  limit: PageLimitSchema,
  cursor: CursorSchema.optional(),
});

export const NotificationPageSchema = z
  .object({ items: z.array(NotificationSchema), nextCursor: z.string().nullable() })
  .openapi("NotificationPage");

export const UnreadCountSchema = z.object({ unread: z.number().int() }).openapi("UnreadCount");

export const MarkNotificationsReadBodySchema = z
  .union([z.strictObject({ ids: z.array(IdSchema).min(1).max(200) }), z.strictObject({ all: z.literal(true) })])
  .openapi("MarkNotificationsReadBody", {
    description: "{ ids } marks those of yours (others are ignored); { all: true } marks every one",
  });

export const MarkNotificationsReadResultSchema = z
  .object({
    marked: z.number().int().openapi({ description: "How many were unread and are now read" }),
    unread: z.number().int().openapi({ description: "Your unread count now" }),
  })
  .openapi("MarkNotificationsReadResult");

const PreferenceSchema = z.object({
  mode: NotificationModeSchema,
  threshold: MinorUnitsSchema.nullable().openapi({
    description: "large_transaction only: the smallest absolute amount that notifies, in base-currency minor units",
  }),
});

export const NotificationPreferencesSchema = z
  .object({
    baseCurrency: z.string().openapi({ description: "The currency of thresholds" }),
    topics: z.object({
      budget: PreferenceSchema,
      bank: PreferenceSchema,
      recurring: PreferenceSchema,
      goal: PreferenceSchema,
      large_transaction: PreferenceSchema,
      unusual_transaction: PreferenceSchema,
      settle_up: PreferenceSchema,
    }),
  })
  .openapi("NotificationPreferences");

const ModeChange = z.strictObject({ mode: NotificationModeSchema.optional() });
const ThresholdChange = z.strictObject({
  mode: NotificationModeSchema.optional(),
  threshold: MinorUnitsSchema.refine((v) => v > 0, "must be positive")
    .nullable()
    .optional()
    .openapi({ description: "null: back to the default" }),
});

export const UpdateNotificationPreferencesBodySchema = z
  .strictObject({
    budget: ModeChange.optional(),
    bank: ModeChange.optional(),
    recurring: ModeChange.optional(),
    goal: ModeChange.optional(),
    large_transaction: ThresholdChange.optional(),
    unusual_transaction: ModeChange.optional(),
    settle_up: ModeChange.optional(),
  })
  .openapi("UpdateNotificationPreferencesBody", {
    description: "Only the topics and fields given change; the rest stay as they are",
  });

export type Notification = z.infer<typeof NotificationSchema>;
export type NotificationPage = z.infer<typeof NotificationPageSchema>;
export type ListNotificationsQuery = z.infer<typeof ListNotificationsQuerySchema>;
export type MarkNotificationsReadBody = z.infer<typeof MarkNotificationsReadBodySchema>;
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>;
export type UpdateNotificationPreferencesBody = z.infer<typeof UpdateNotificationPreferencesBodySchema>;
