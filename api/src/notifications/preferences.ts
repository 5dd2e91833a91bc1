import {
  DEFAULT_LARGE_TRANSACTION_THRESHOLD,
  NOTIFICATION_TOPICS,
  type NotificationMode,
  type NotificationPreferences,
  type NotificationTopic,
  type UpdateNotificationPreferencesBody,
} from "@tandem/shared";
import { and, eq } from "drizzle-orm";
import type { Database, Executor } from "../db/client";
import { households, notificationPreferences } from "../db/schema";
import type { Reader } from "./feed";

const p = notificationPreferences;

/** Only large_transaction has a threshold; elsewhere it is always null. */
const hasThreshold = (topic: NotificationTopic) => topic === "large_transaction";

/** Every topic, with "on" and the default threshold where the member chose nothing. */
export async function getPreferences(db: Executor, reader: Reader): Promise<NotificationPreferences> {
  const [home] = await db
    .select({ baseCurrency: households.baseCurrency })
    .from(households)
    .where(eq(households.id, reader.householdId));
  const rows = await db
    .select({ topic: p.topic, mode: p.mode, threshold: p.threshold })
    .from(p)
    .where(and(eq(p.householdId, reader.householdId), eq(p.userId, reader.userId)));
  const chosen = new Map(rows.map((r) => [r.topic, r]));
  const topics = Object.fromEntries(
    NOTIFICATION_TOPICS.map((topic) => {
      const row = chosen.get(topic);
      const threshold = hasThreshold(topic) ? (row?.threshold ?? DEFAULT_LARGE_TRANSACTION_THRESHOLD) : null;
      return [topic, { mode: row?.mode ?? "on", threshold }];
    }),
  ) as NotificationPreferences["topics"];
  return { baseCurrency: home!.baseCurrency, topics };
}

/** Changes only the topics and fields given, in one transaction. */
export async function updatePreferences(
  db: Database,
  reader: Reader,
  changes: UpdateNotificationPreferencesBody,
): Promise<NotificationPreferences> {
  await db.transaction(async (tx) => {
    const current = await getPreferences(tx, reader);
    for (const topic of NOTIFICATION_TOPICS) {
      const change = changes[topic] as { mode?: NotificationMode; threshold?: number | null } | undefined;
      if (!change) continue;
      const mode = change.mode ?? current.topics[topic].mode;
      // Stored null means "the default", so a later change of the default reaches this member too.
      const threshold = !hasThreshold(topic)
        ? null
        : change.threshold !== undefined
          ? change.threshold
          : await storedThreshold(tx, reader, topic);
      await tx
        .insert(p)
        .values({ householdId: reader.householdId, userId: reader.userId, topic, mode, threshold })
        .onConflictDoUpdate({ target: [p.userId, p.topic], set: { mode, threshold, updatedAt: new Date() } });
    }
  });
  return getPreferences(db, reader);
}

async function storedThreshold(db: Executor, reader: Reader, topic: NotificationTopic) {
  const [row] = await db
    .select({ threshold: p.threshold })
    .from(p)
    .where(and(eq(p.householdId, reader.householdId), eq(p.userId, reader.userId), eq(p.topic, topic)));
  return row?.threshold ?? null;
}
