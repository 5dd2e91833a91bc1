import { describe, expect, it } from "vitest";
import type { CategoryRef } from "../analytics/classify";
import { type ReportTransaction, summariseMonth, type ToBase, topMerchants } from "./summary";

const tree: CategoryRef[] = [
  { id: "food", parentId: null, name: "Food", kind: "expense" },
  { id: "pay", parentId: null, name: "Salary", kind: "income" },
  { id: "move", parentId: null, name: "Transfer", kind: "transfer" },
];
let n = 0;
const tx = (over: Partial<ReportTransaction>): ReportTransaction => ({
  id: `t${n++}`,
  date: "2026-10-05",
  amount: -1000,
  currency: "USD",
  categoryId: "food",
  merchant: "Shop",
  description: "Shop",
  ...over,
});
// EUR at 1.1 except on the 9th, when there is no rate.
const toBase: ToBase = (amount, currency, date) =>
  currency === "USD" ? amount : date === "2026-10-09" ? null : Math.round(amount * 1.1);

describe("summariseMonth", () => {
  it("converts each transaction on its own, and sums flows like the analytics do", () => {
    const s = summariseMonth(
      [
        tx({ amount: 500_000, categoryId: "pay" }),
        tx({ amount: -1001, currency: "EUR" }), // -1101.1 → -1101
        tx({ amount: -1001, currency: "EUR" }),
        tx({ amount: 300, merchant: "Shop" }), // a refund lowers spending
        tx({ amount: -20_000, categoryId: "move" }), // transfers count nowhere
        tx({ amount: -700, categoryId: null, merchant: "Kiosk" }), // uncategorised out = spending
      ],
      tree,
      toBase,
    );
    expect(s.income).toBe(500_000n);
    expect(s.spending).toBe(1101n * 2n - 300n + 700n);
    expect(s.spendByCategory).toEqual(
      new Map<string | null, bigint>([
        ["food", 1101n * 2n - 300n],
        [null, 700n],
      ]),
    );
    expect(s.unconverted.count).toBe(0);
    expect(topMerchants(s.merchants, 5)).toEqual([
      { merchant: "Shop", amount: 1902, count: 3 },
      { merchant: "Kiosk", amount: 700, count: 1 },
    ]);
  });

  it("lists amounts without a rate apart and leaves them out of every base figure", () => {
    const s = summariseMonth(
      [
        tx({ amount: -2500, currency: "EUR", date: "2026-10-09", description: "Bakery" }),
        tx({ amount: 4000, currency: "EUR", date: "2026-10-09", categoryId: "pay" }),
        tx({ amount: -9999, currency: "EUR", date: "2026-10-09", categoryId: "move" }), // transfer: not needed
        tx({ amount: -100 }),
      ],
      tree,
      toBase,
    );
    expect(s.spending).toBe(100n);
    expect(s.income).toBe(0n);
    expect(s.unconverted.count).toBe(2);
    expect(s.unconverted.byCurrency).toEqual([{ currency: "EUR", count: 2, income: 4000, spending: 2500 }]);
    expect(s.unconverted.items.map((i) => [i.description, i.amount])).toEqual([
      ["Bakery", -2500],
      ["Shop", 4000],
    ]);
  });

  it("keeps only the first few unconverted transactions, but counts all", () => {
    const list = Array.from({ length: 14 }, (_, i) => tx({ currency: "EUR", date: "2026-10-09", id: `x${i + 10}` }));
    const s = summariseMonth(list, tree, toBase);
    expect(s.unconverted.count).toBe(14);
    expect(s.unconverted.items).toHaveLength(10);
    expect(s.unconverted.byCurrency[0]).toMatchObject({ count: 14, spending: 14_000 });
  });
});

describe("topMerchants", () => {
  it("ranks by net spending, ties by name, and drops refund-only merchants", () => {
    const merchants = new Map([
      ["B", { amount: 500n, count: 1 }],
      ["A", { amount: 500n, count: 2 }],
      ["Big", { amount: 9000n, count: 1 }],
      ["Refund", { amount: -300n, count: 1 }],
    ]);
    expect(topMerchants(merchants, 2).map((m) => m.merchant)).toEqual(["Big", "A"]);
    expect(topMerchants(merchants, 10).map((m) => m.merchant)).toEqual(["Big", "A", "B"]);
  });
});
