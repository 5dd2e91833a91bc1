import { describe, expect, it } from "vitest";
import { CursorError, decodeCursor, encodeCursor, paginate } from "./keyset";

const ID = "0b9a3c0e-6a52-4f1e-9a55-0e7f6a2f8c11";
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("encodeCursor / decodeCursor", () => {
  it("round-trips date and amount cursors", () => {
    for (const cursor of [
      { sort: "date", order: "desc" as const, value: "2026-03-01", id: ID },
      { sort: "amount", order: "asc" as const, value: -123_456, id: ID },
      { sort: "amount", order: "desc" as const, value: 0, id: ID },
    ]) {
      const encoded = encodeCursor(cursor);
      expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/); // URL-safe without escaping
      expect(decodeCursor(encoded, { sort: cursor.sort, order: cursor.order })).toEqual(cursor);
    }
  });

  it("refuses a cursor issued for another sort or order", () => {
    const encoded = encodeCursor({ sort: "date", order: "desc", value: "2026-03-01", id: ID });
    expect(() => decodeCursor(encoded, { sort: "amount", order: "desc" })).toThrow(/different sort/);
    expect(() => decodeCursor(encoded, { sort: "date", order: "asc" })).toThrow(CursorError);
  });

  it.each([
    ["not base64 JSON", "%%%"],
    ["empty", ""],
    ["JSON but not an array", raw({ sort: "date" })],
    ["too few parts", raw(["date", "desc", "2026-03-01"])],
    ["too many parts", raw(["date", "desc", "2026-03-01", ID, "extra"])],
    ["id is not a uuid", raw(["date", "desc", "2026-03-01", "1 or 1=1"])],
    ["id is not a string", raw(["date", "desc", "2026-03-01", 42])],
    ["value is an object", raw(["date", "desc", { $gt: "" }, ID])],
    ["value is null", raw(["date", "desc", null, ID])],
    ["value is a boolean", raw(["date", "desc", true, ID])],
  ])("refuses a forged cursor: %s", (_, cursor) => {
    expect(() => decodeCursor(cursor, { sort: "date", order: "desc" })).toThrow(CursorError);
  });
});

describe("paginate", () => {
  const rows = Array.from({ length: 5 }, (_, i) => ({ id: `00000000-0000-4000-8000-00000000000${i}`, amount: i * 10 }));

  it("returns no cursor when the fetch did not overflow the limit", () => {
    expect(paginate(rows.slice(0, 3), 3, "amount", "asc", (r) => r.amount)).toEqual({
      items: rows.slice(0, 3),
      nextCursor: null,
    });
    expect(paginate(rows.slice(0, 0), 3, "amount", "asc", (r) => r.amount)).toEqual({ items: [], nextCursor: null });
  });

  it("drops the extra row and points the cursor at the last row kept", () => {
    const page = paginate(rows.slice(0, 4), 3, "amount", "asc", (r) => r.amount);
    expect(page.items).toEqual(rows.slice(0, 3));
    expect(decodeCursor(page.nextCursor!, { sort: "amount", order: "asc" })).toEqual({
      sort: "amount",
      order: "asc",
      value: 20,
      id: rows[2]!.id,
    });
  });
});
