/**
 * Keyset ("seek") pagination: the cursor is the last row's sort value and id, so page
 * N costs the same as page 1 (no OFFSET scan). The cursor also pins sort and order;
 * reusing it under a different sort would silently skip or repeat rows.
 */
export type SortOrder = "asc" | "desc";

export interface Cursor<S extends string = string> {
  sort: S;
  order: SortOrder;
  value: string | number;
  id: string;
}

export class CursorError extends Error {}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.order, cursor.value, cursor.id])).toString("base64url");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor<S extends string>(raw: string, expected: { sort: S; order: SortOrder }): Cursor<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw new CursorError("cursor is not one this API issued");
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw new CursorError("cursor is not one this API issued");
  const [sort, order, value, id] = parsed as unknown[];
  if (sort !== expected.sort || order !== expected.order) {
    throw new CursorError("cursor belongs to a different sort order; start again without it");
  }
  if ((typeof value !== "string" && typeof value !== "number") || typeof id !== "string" || !UUID.test(id)) {
    throw new CursorError("cursor is not one this API issued");
  }
  return { sort: sort as S, order: order as SortOrder, value, id };
}

/** Splits a limit+1 fetch into the page and the cursor for the next one. */
export function paginate<T extends { id: string }, S extends string>(
  rows: T[],
  limit: number,
  sort: S,
  order: SortOrder,
  sortValue: (row: T) => string | number,
): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1]!;
  return { items, nextCursor: encodeCursor({ sort, order, value: sortValue(last), id: last.id }) };
}
