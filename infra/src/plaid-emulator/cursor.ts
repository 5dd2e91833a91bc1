/**
 * /transactions/sync cursors. Opaque to clients (base64url), but inside either:
 * - a position in the Item's change log: "everything after this point is new", or
 * - a page inside one update: the update's start, the log length it was computed at
 *   (`head`) and how many net changes were already returned (`offset` > 0).
 * An empty cursor is position 0: the whole history.
 */

export interface Cursor {
  itemId: string;
  start: number;
  head: number;
  offset: number;
  accountId: string | null;
}

const VERSION = "e1";

export function encodeCursor(cursor: Cursor): string {
  const raw = [VERSION, cursor.itemId, cursor.start, cursor.head, cursor.offset, cursor.accountId ?? ""].join("|");
  return Buffer.from(raw, "utf8").toString("base64url");
}

export function positionCursor(itemId: string, position: number, accountId: string | null): string {
  return encodeCursor({ itemId, start: position, head: position, offset: 0, accountId });
}

/** Undefined when the string is not a cursor this emulator issued. */
export function decodeCursor(value: string): Cursor | undefined {
  const parts = Buffer.from(value, "base64url").toString("utf8").split("|");
  if (parts.length !== 6 || parts[0] !== VERSION) return undefined;
  const [, itemId, start, head, offset, accountId] = parts as [string, string, string, string, string, string];
  const numbers = [start, head, offset].map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
  if (numbers.some((n) => !Number.isSafeInteger(n))) return undefined;
  const [s, h, o] = numbers as [number, number, number];
  if (s > h) return undefined;
  return { itemId, start: s, head: h, offset: o, accountId: accountId === "" ? null : accountId };
}

/** A page other than the first of an update: the only kind a mid-pagination mutation can break. */
export function isContinuation(value: unknown): boolean {
  if (typeof value !== "string" || value === "") return false;
  return (decodeCursor(value)?.offset ?? 0) > 0;
}
