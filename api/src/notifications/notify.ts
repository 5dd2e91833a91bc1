import type { Executor } from "../db/client";
import { notifications } from "../db/schema";

export interface NewNotification {
  householdId: string;
  /** null: for both members. */
  userId?: string | null;
  kind: string;
  /** The event's identity: the same key never notifies twice, however often it is raised. */
  dedupeKey: string;
  title: string;
  body: string;
}

export async function notify(db: Executor, n: NewNotification): Promise<void> {
  await db
    .insert(notifications)
    .values({ ...n, userId: n.userId ?? null })
    .onConflictDoNothing({ target: [notifications.householdId, notifications.dedupeKey] });
}
