import type { ListNotificationsQuery, MarkNotificationsReadBody, Notification } from "@tandem/shared";
import { and, desc, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { notifications } from "../db/schema";
import { CursorError, decodeCursor, paginate } from "../domain/keyset";
import { ApiError, notFound } from "../lib/problem";

/** Whose feed: every query filters by both, so another household's or member's row is "not found". */
export interface Reader {
  householdId: string;
  userId: string;
}

const n = notifications;
const mine = (r: Reader) => and(eq(n.householdId, r.householdId), eq(n.userId, r.userId))!;

// The cursor carries created_at to the microsecond: a JavaScript Date keeps milliseconds
// only, and rows created in the same millisecond would be skipped or repeated.
const CURSOR_AT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const cursorAt = sql<string>`to_char(${n.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const columns = {
  id: n.id,
  kind: n.kind,
  topic: n.topic,
  title: n.title,
  body: n.body,
  subject: n.subject,
  readAt: n.readAt,
  createdAt: n.createdAt,
  at: cursorAt,
};

type Row = Pick<typeof n.$inferSelect, "id" | "kind" | "topic" | "title" | "body" | "subject" | "readAt" | "createdAt">;

function toNotification(row: Row): Notification {
  return {
    id: row.id,
    kind: row.kind,
    topic: row.topic,
    title: row.title,
    body: row.body,
    subject: row.subject ?? null,
    read: row.readAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

function seek(raw: string): SQL {
  try {
    const cursor = decodeCursor(raw, { sort: "createdAt", order: "desc" });
    if (typeof cursor.value !== "string" || !CURSOR_AT.test(cursor.value) || Number.isNaN(Date.parse(cursor.value))) {
      throw new CursorError("cursor is not one this API issued");
    }
    return sql`(${n.createdAt}, ${n.id}) < (${cursor.value}::timestamptz, ${cursor.id}::uuid)`;
  } catch (error) {
    if (error instanceof CursorError) {
      throw new ApiError(400, "invalid_cursor", error.message, [{ path: "cursor", message: error.message }]);
    }
    throw error;
  }
}

/** Newest first, a keyset page along notifications_feed_idx (user_id, created_at, id). */
export async function listNotifications(db: Executor, reader: Reader, q: ListNotificationsQuery) {
  const rows = await db
    .select(columns)
    .from(n)
    .where(and(mine(reader), q.unread ? isNull(n.readAt) : undefined, q.cursor ? seek(q.cursor) : undefined))
    .orderBy(desc(n.createdAt), desc(n.id))
    .limit(q.limit + 1);
  const page = paginate(rows, q.limit, "createdAt", "desc", (row) => row.at);
  return { items: page.items.map(toNotification), nextCursor: page.nextCursor };
}

export async function unreadCount(db: Executor, reader: Reader): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(n)
    .where(and(mine(reader), isNull(n.readAt)));
  return row?.count ?? 0;
}

/** Marking read twice is harmless: the first time stays the time it was read. */
export async function markRead(db: Executor, reader: Reader, id: string): Promise<Notification> {
  await db
    .update(n)
    .set({ readAt: sql`now()` })
    .where(and(mine(reader), eq(n.id, id), isNull(n.readAt)));
  const [row] = await db
    .select(columns)
    .from(n)
    .where(and(mine(reader), eq(n.id, id)));
  if (!row) throw notFound("Notification");
  return toNotification(row);
}

/** Ids that are not the reader's are ignored, as ids already read are. */
export async function markManyRead(db: Executor, reader: Reader, body: MarkNotificationsReadBody) {
  const which = "ids" in body ? inArray(n.id, [...new Set(body.ids)]) : undefined;
  const marked = await db
    .update(n)
    .set({ readAt: sql`now()` })
    .where(and(mine(reader), isNull(n.readAt), which))
    .returning({ id: n.id });
  return { marked: marked.length, unread: await unreadCount(db, reader) };
}
