import { DEFAULT_LARGE_TRANSACTION_THRESHOLD, type NotificationTopic } from "@tandem/shared";
import { sql } from "drizzle-orm";
import type { Executor } from "../db/client";

export interface NewNotification {
  householdId: string;
  /** null: for both members. */
  userId?: string | null;
  kind: string;
  topic: NotificationTopic;
  /** The event's identity: the same key never notifies twice, however often it is raised. */
  dedupeKey: string;
  title: string;
  body: string;
  subject?: Record<string, string>;
  /**
   * The event's size in base-currency minor units: only members whose threshold (their
   * preference, else the default) is at most this get it. Used by large_transaction.
   */
  magnitude?: number;
}

/**
 * One row per member, as each member's preference says: off creates none, quiet creates
 * it already read. A single INSERT … SELECT, so the preference read and the write cannot
 * be split by a concurrent change, and ON CONFLICT on the dedupe key makes retries and
 * concurrent raisers of the same event create it once. Members are inserted in id order
 * so two concurrent raisers never wait on each other's rows in opposite orders.
 */
export async function notify(db: Executor, n: NewNotification): Promise<void> {
  const subject = n.subject ? JSON.stringify(n.subject) : null;
  await db.execute(sql`
    insert into notifications (household_id, user_id, kind, topic, dedupe_key, title, body, subject, read_at)
    select u.household_id, u.id, ${n.kind}, ${n.topic}, ${n.dedupeKey}, ${n.title}, ${n.body}, ${subject}::jsonb,
           case when p.mode = 'quiet' then now() end
      from users u
      left join notification_preferences p
        on p.user_id = u.id and p.household_id = u.household_id and p.topic = ${n.topic}
     where u.household_id = ${n.householdId}
       ${n.userId ? sql`and u.id = ${n.userId}` : sql``}
       and coalesce(p.mode, 'on') <> 'off'
       ${
         n.magnitude === undefined
           ? sql``
           : sql`and ${n.magnitude}::bigint >= coalesce(p.threshold, ${DEFAULT_LARGE_TRANSACTION_THRESHOLD}::bigint)`
       }
     order by u.id
    on conflict (household_id, user_id, dedupe_key) do nothing`);
}
