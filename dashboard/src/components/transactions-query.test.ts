import { describe, expect, it } from "vitest";
import {
  apiQuery,
  commonText,
  emptyFilters,
  filtersFromSearch,
  filtersToSearch,
  nextSort,
  parseAmount,
} from "./transactions-query.js";
import { describeSplit, splitInput } from "./transactions-split.js";

describe("transaction filters", () => {
  it("round-trip through the address bar, leaving defaults out", () => {
    const filters = {
      ...emptyFilters(),
      from: "2026-01-01",
      q: "coffee shop",
      pending: "true" as const,
      sort: "amount" as const,
      order: "asc" as const,
    };
    const search = filtersToSearch(filters);
    expect(search).toBe("?from=2026-01-01&q=coffee+shop&pending=true&sort=amount&order=asc");
    expect(filtersFromSearch(search)).toEqual(filters);
    expect(filtersToSearch(emptyFilters())).toBe("");
  });

  it("ignore an unknown sort or order", () => {
    const filters = filtersFromSearch("?sort=colour&order=sideways&uncategorised=yes");
    expect(filters.sort).toBe("date");
    expect(filters.order).toBe("desc");
    expect(filters.uncategorised).toBe(false);
  });

  it("flip the order on the same column and start text columns A→Z", () => {
    const byDate = emptyFilters();
    expect(nextSort(byDate, "date").order).toBe("asc");
    expect(nextSort(byDate, "merchant")).toMatchObject({ sort: "merchant", order: "asc" });
    expect(nextSort(byDate, "amount")).toMatchObject({ sort: "amount", order: "desc" });
  });

  it("become the API's query with amounts in exact minor units", () => {
    const result = apiQuery(
      { ...emptyFilters(), minAmount: "-1,234.56", maxAmount: "0.1", accountId: "a", categoryId: "c", q: " tea " },
      "USD",
      25,
    );
    expect(result).toEqual({
      query: {
        sort: "date",
        order: "desc",
        limit: 25,
        accountId: "a",
        categoryId: "c",
        q: "tea",
        minAmount: -123456,
        maxAmount: 10,
      },
    });
  });

  it("leave the category out when asking for uncategorised ones (the API refuses both)", () => {
    const result = apiQuery({ ...emptyFilters(), categoryId: "c", uncategorised: true }, "USD");
    expect(result).toMatchObject({ query: { uncategorised: "true" } });
    expect("query" in result ? result.query.categoryId : "refused").toBeUndefined();
  });

  it("name the amount field that cannot be read", () => {
    expect(apiQuery({ ...emptyFilters(), maxAmount: "ten" }, "USD")).toEqual({
      errors: [{ path: "maxAmount", message: expect.stringContaining("Enter a number") }],
    });
  });
});

describe("amounts typed by a member", () => {
  it("parse exactly, without floating point", () => {
    expect(parseAmount("0.29", "USD")).toEqual({ value: 29 });
    expect(parseAmount("$1,000.10", "USD")).toEqual({ value: 100010 });
    expect(parseAmount("-8", "EUR")).toEqual({ value: -800 });
    expect(parseAmount("1200", "JPY")).toEqual({ value: 1200 });
  });

  it("refuse too many decimals and words", () => {
    expect(parseAmount("1.234", "USD")).toEqual({ error: "Use at most 2 decimal places" });
    expect(parseAmount("1.5", "JPY")).toEqual({ error: "Use at most 0 decimal places" });
    expect(parseAmount("abc", "USD")).toHaveProperty("error");
    expect(parseAmount("", "USD")).toEqual({ error: "Enter an amount" });
  });
});

describe("a rule from a selection", () => {
  it("matches the shared merchant, else the shared description", () => {
    expect(
      commonText([
        { merchant: "Blue Bottle", description: "BLUE BOTTLE 1" },
        { merchant: "blue bottle", description: "BLUE BOTTLE 2" },
      ]),
    ).toEqual({ field: "merchant", value: "Blue Bottle" });
    expect(
      commonText([
        { merchant: null, description: "RENT" },
        { merchant: "X", description: "rent" },
      ]),
    ).toEqual({ field: "description", value: "RENT" });
    expect(
      commonText([
        { merchant: null, description: "A" },
        { merchant: null, description: "B" },
      ]),
    ).toBeNull();
  });
});

describe("the split editor", () => {
  const members = [
    { id: "m1", displayName: "Alex" },
    { id: "m2", displayName: "Blair" },
  ];

  it("builds exact parts in minor units and names a part it cannot read", () => {
    expect(
      splitInput({ kind: "exact", personalMemberId: "", values: { m1: "10.50", m2: "2" } }, members, "USD"),
    ).toEqual({
      split: {
        kind: "exact",
        parts: [
          { memberId: "m1", amount: 1050 },
          { memberId: "m2", amount: 200 },
        ],
      },
    });
    expect(splitInput({ kind: "exact", personalMemberId: "", values: { m1: "x" } }, members, "USD")).toEqual({
      errors: [{ path: "split.parts.0.amount", message: expect.any(String) }],
    });
  });

  it("builds percentages and the default", () => {
    expect(
      splitInput({ kind: "percent", personalMemberId: "", values: { m1: "60", m2: "40" } }, members, "USD"),
    ).toEqual({
      split: {
        kind: "percent",
        shares: [
          { memberId: "m1", percent: 60 },
          { memberId: "m2", percent: 40 },
        ],
      },
    });
    expect(splitInput({ kind: "default", personalMemberId: "", values: {} }, members, "USD")).toEqual({ split: null });
  });

  it("says a split in words", () => {
    expect(
      describeSplit(
        {
          kind: "percent",
          shares: [
            { memberId: "m1", basisPoints: 6000 },
            { memberId: "m2", basisPoints: 4000 },
          ],
        },
        members,
      ),
    ).toBe("Alex 60%, Blair 40%");
    expect(describeSplit({ kind: "personal", memberId: "m2" }, members)).toBe("Blair's alone");
  });
});

describe("the pending filter", () => {
  it("narrows to pending, to posted, or to neither, and survives the address bar", () => {
    for (const pending of ["true", "false"] as const) {
      const filters = { ...emptyFilters(), pending };
      expect(filtersFromSearch(filtersToSearch(filters)).pending).toBe(pending);
      const built = apiQuery(filters, "USD");
      expect("query" in built && built.query.pending).toBe(pending);
    }
    expect(filtersFromSearch("?pending=maybe").pending).toBe("");
    const both = apiQuery(emptyFilters(), "USD");
    expect("query" in both && "pending" in both.query).toBe(false);
  });
});
