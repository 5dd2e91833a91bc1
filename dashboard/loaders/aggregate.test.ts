import { describe, expect, it } from "vitest";
import type { FlowKind } from "../src/components/ledger-data";
import {
  merchantSpending,
  monthEndBalances,
  monthlyFlows,
  postedTransactions,
  type TransactionColumns,
} from "./aggregate";

const kinds = new Map<string, FlowKind>([
  ["groceries", "expense"],
  ["salary", "income"],
  ["savings", "transfer"],
]);

function columns(rows: [string, string, string | null, string, number, boolean?][]): TransactionColumns {
  return {
    date: rows.map((row) => row[0]),
    accountId: rows.map((row) => row[1]),
    categoryId: rows.map((row) => row[2]),
    payee: rows.map((row) => row[3]),
    amount: rows.map((row) => row[4]),
    currency: rows.map(() => "USD"),
    pending: rows.map((row) => row[5] ?? false),
  };
}

const sample = columns([
  ["2026-01-03", "joint", "groceries", "Market", -4_250],
  ["2026-01-09", "joint", "groceries", "Market", -1_000],
  ["2026-01-15", "joint", "groceries", "Market", 500], // a refund
  ["2026-01-31", "joint", "salary", "Employer", 300_000],
  ["2026-02-01", "joint", "savings", "To savings", -50_000],
  ["2026-02-01", "savings", "savings", "From joint", 50_000],
  ["2026-02-14", "card", null, "Florist", -3_999],
  ["2026-02-20", "card", null, "Cashback", 120],
  ["2026-03-01", "card", "groceries", "Market", -2_000, true], // pending: left out
]);

describe("ledger aggregations", () => {
  const posted = postedTransactions(sample, kinds);

  it("keeps posted transactions and counts the pending ones", () => {
    expect(posted.frame?.shape[0]).toBe(8);
    expect(posted.pending).toBe(1);
    expect(posted.months).toEqual({ first: "2026-01", last: "2026-02" });
  });

  it("sums and counts per month, account and category, by the category's kind", () => {
    expect(monthlyFlows(posted.frame!)).toEqual([
      {
        month: "2026-01",
        accountId: "joint",
        categoryId: "groceries",
        kind: "expense",
        currency: "USD",
        amount: -4_750,
        count: 3,
      },
      {
        month: "2026-01",
        accountId: "joint",
        categoryId: "salary",
        kind: "income",
        currency: "USD",
        amount: 300_000,
        count: 1,
      },
      {
        month: "2026-02",
        accountId: "card",
        categoryId: null,
        kind: "expense",
        currency: "USD",
        amount: -3_999,
        count: 1,
      },
      { month: "2026-02", accountId: "card", categoryId: null, kind: "income", currency: "USD", amount: 120, count: 1 },
      {
        month: "2026-02",
        accountId: "joint",
        categoryId: "savings",
        kind: "transfer",
        currency: "USD",
        amount: -50_000,
        count: 1,
      },
      {
        month: "2026-02",
        accountId: "savings",
        categoryId: "savings",
        kind: "transfer",
        currency: "USD",
        amount: 50_000,
        count: 1,
      },
    ]);
  });

  it("nets refunds into merchant spending and ignores income and transfers", () => {
    expect(merchantSpending(posted.frame!)).toEqual([
      { month: "2026-01", accountId: "joint", merchant: "Market", currency: "USD", spent: 4_750, count: 3 },
      { month: "2026-02", accountId: "card", merchant: "Florist", currency: "USD", spent: 3_999, count: 1 },
    ]);
  });

  it("carries each account's balance through every month from its opening balance", () => {
    const accounts = [
      { id: "joint", currency: "USD", openingBalance: 10_000 },
      { id: "idle", currency: "USD", openingBalance: 777 },
    ];
    expect(monthEndBalances(posted.frame!, accounts, posted.months!)).toEqual([
      { month: "2026-01", accountId: "joint", currency: "USD", balance: 305_250 },
      { month: "2026-02", accountId: "joint", currency: "USD", balance: 255_250 },
      { month: "2026-01", accountId: "idle", currency: "USD", balance: 777 },
      { month: "2026-02", accountId: "idle", currency: "USD", balance: 777 },
    ]);
  });

  it("stays exact beyond 32-bit sums", () => {
    const big = postedTransactions(
      columns([
        ["2026-01-01", "a", "salary", "X", 2_000_000_000],
        ["2026-01-02", "a", "salary", "X", 2_000_000_000],
        ["2026-01-03", "a", "salary", "X", 123_456_789_012],
      ]),
      kinds,
    );
    expect(monthlyFlows(big.frame!)[0]?.amount).toBe(127_456_789_012);
  });

  it("has nothing to group when every transaction is pending or there are none", () => {
    expect(postedTransactions(columns([]), kinds)).toEqual({ frame: null, months: null, pending: 0 });
    expect(postedTransactions(columns([["2026-01-01", "a", null, "X", -1, true]]), kinds).pending).toBe(1);
  });
});
