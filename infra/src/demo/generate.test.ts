import { DEFAULT_CATEGORIES } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import {
  DEMO_ACCOUNTS,
  DEMO_CATEGORY_NAMES,
  type DemoOptions,
  type DemoTransaction,
  describePlan,
  generateLedger,
  generateTransactions,
  rangeStart,
} from "./generate";
import { createRandom } from "./random";

const OPTIONS: DemoOptions = { seed: 42, months: 24, endDate: "2026-03-15" };
const ledger = generateLedger(OPTIONS);
const rows = ledger.transactions;

const monthStart = (iso: string) => `${iso.slice(0, 7)}-01`;

describe("createRandom", () => {
  it("repeats for the same seed and differs for another", () => {
    const draw = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 20 }, () => random.next());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
  });

  it("keeps int() inside its inclusive bounds and reaches both ends", () => {
    const random = createRandom(9);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const value = random.int(-2, 3);
      expect(Number.isInteger(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(-2);
      expect(value).toBeLessThanOrEqual(3);
      seen.add(value);
    }
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2, 3].sort());
  });

  it("gives forks their own streams", () => {
    const random = createRandom(5);
    expect(random.fork(1).next()).not.toBe(random.fork(2).next());
    expect(createRandom(5).fork(1).next()).toBe(createRandom(5).fork(1).next());
  });
});

describe("generateTransactions", () => {
  it("is deterministic: the same seed gives identical rows, another seed different ones", () => {
    expect(generateLedger(OPTIONS).transactions).toEqual(rows);
    const other = generateLedger({ ...OPTIONS, seed: 43 }).transactions;
    expect(other.map((t) => t.amount)).not.toEqual(rows.map((t) => t.amount));
  });

  it("produces a household's couple of thousand rows over two years", () => {
    expect(rows.length).toBeGreaterThan(1_200);
    expect(rows.length).toBeLessThan(3_000);
    expect(describePlan(OPTIONS).total).toBe(rows.length);
  });

  it("uses integer minor units, never zero, and known accounts and categories", () => {
    const accountKeys = new Set(DEMO_ACCOUNTS.map((a) => a.key));
    const subcategories = new Set(DEFAULT_CATEGORIES.flatMap((c) => c.children ?? []));
    for (const t of rows) {
      expect(Number.isSafeInteger(t.amount)).toBe(true);
      expect(t.amount).not.toBe(0);
      expect(accountKeys.has(t.accountKey)).toBe(true);
      expect(subcategories.has(t.categoryName)).toBe(true);
      expect(t.description.length).toBeGreaterThan(0);
    }
    expect(DEMO_CATEGORY_NAMES.every((name) => subcategories.has(name))).toBe(true);
  });

  it("keeps dates within the range, in order, as valid calendar dates", () => {
    const start = rangeStart(OPTIONS.endDate, OPTIONS.months);
    expect(start).toBe("2024-03-16");
    let previous = "";
    for (const t of rows) {
      expect(t.date >= start && t.date <= OPTIONS.endDate).toBe(true);
      expect(new Date(`${t.date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(t.date);
      expect(t.date >= previous).toBe(true);
      previous = t.date;
    }
    expect(rows[0]!.date).toBe(start);
    expect(rows.at(-1)!.date).toBe(OPTIONS.endDate);
  });

  it("clamps the range start at month ends", () => {
    expect(rangeStart("2026-03-31", 1)).toBe("2026-03-01");
    expect(rangeStart("2024-02-29", 12)).toBe("2023-03-01");
    expect(rangeStart("2026-01-15", 1)).toBe("2025-12-16");
  });

  it("gives every row a unique, stable source id", () => {
    const ids = rows.map((t) => t.sourceId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 3)).toEqual(["demo-1", "demo-2", "demo-3"]);
  });

  it("pays both salaries, the rent and the subscriptions every month", () => {
    const months = new Set(rows.map((t) => t.date.slice(0, 7)));
    const fullMonths = [...months].filter((month) => month > "2024-03" && month < "2026-03");
    for (const month of fullMonths) {
      const inMonth = rows.filter((t) => t.date.startsWith(month));
      const salaries = inMonth.filter((t) => t.categoryName === "Salary");
      expect(salaries).toHaveLength(2);
      expect(new Set(salaries.map((s) => s.merchant)).size).toBe(2);
      expect(salaries.every((s) => s.amount > 0 && s.accountKey === "checking")).toBe(true);
      const rent = inMonth.filter((t) => t.categoryName === "Rent");
      expect(rent).toHaveLength(1);
      expect(rent[0]!.date).toBe(`${month}-01`);
      expect(rent[0]!.amount).toBeLessThan(0);
      const subscriptions = inMonth.filter((t) => ["Netflix", "Spotify", "Crunch Fitness"].includes(t.merchant ?? ""));
      expect(subscriptions).toHaveLength(3);
      expect(inMonth.filter((t) => t.categoryName === "Groceries").length).toBeGreaterThanOrEqual(6);
    }
  });

  it("pays each card's statement in full: the checking debit mirrors the card credit", () => {
    for (const card of ["alex-card", "blair-card"] as const) {
      const cardRows = rows.filter((t) => t.accountKey === card);
      const payments = cardRows.filter((t) => t.categoryName === "Credit card payment");
      expect(payments.length).toBeGreaterThanOrEqual(22);
      for (const payment of payments) {
        expect(payment.amount).toBeGreaterThan(0);
        // The statement closes at the end of last month: everything on the card before then.
        const owed = cardRows.filter((t) => t.date < monthStart(payment.date)).reduce((sum, t) => sum + t.amount, 0);
        expect(payment.amount).toBe(-owed);
        const mirror = rows.filter(
          (t) =>
            t.accountKey === "checking" &&
            t.date === payment.date &&
            t.categoryName === "Credit card payment" &&
            t.amount === -payment.amount,
        );
        expect(mirror).toHaveLength(1);
      }
    }
    const checkingPayments = rows.filter(
      (t) => t.accountKey === "checking" && t.categoryName === "Credit card payment",
    );
    const cardPayments = rows.filter((t) => t.accountKey !== "checking" && t.categoryName === "Credit card payment");
    const sum = (list: DemoTransaction[]) => list.reduce((s, t) => s + t.amount, 0);
    expect(sum(checkingPayments)).toBe(-sum(cardPayments));
  });

  it("moves money to savings in matched pairs and pays interest on it", () => {
    const toSavings = rows.filter((t) => t.categoryName === "Savings");
    const out = toSavings.filter((t) => t.accountKey === "checking");
    const into = toSavings.filter((t) => t.accountKey === "savings");
    expect(out.length).toBe(into.length);
    expect(out.length).toBeGreaterThanOrEqual(23);
    expect(into.map((t) => t.amount)).toEqual(out.map((t) => -t.amount));
    const interest = rows.filter((t) => t.categoryName === "Interest");
    expect(interest.length).toBeGreaterThanOrEqual(23);
    expect(interest.every((t) => t.accountKey === "savings" && t.amount > 0)).toBe(true);
  });

  it("has some refunds (positive, on a card) and a few pending rows in the last days only", () => {
    const refunds = rows.filter((t) => t.categoryName === "Refunds");
    expect(refunds.length).toBeGreaterThan(0);
    expect(refunds.every((t) => t.amount > 0 && t.accountKey.endsWith("-card"))).toBe(true);
    const pending = rows.filter((t) => t.pending);
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.length).toBeLessThan(30);
    expect(pending.every((t) => t.date >= "2026-03-13")).toBe(true);
  });

  it("varies merchants for everyday spending", () => {
    const groceries = new Set(rows.filter((t) => t.categoryName === "Groceries").map((t) => t.merchant));
    expect(groceries.size).toBeGreaterThanOrEqual(4);
    const categories = new Set(rows.map((t) => t.categoryName));
    for (const name of ["Restaurants", "Coffee", "Fuel", "Utilities", "Subscriptions", "Fitness"]) {
      expect(categories.has(name)).toBe(true);
    }
  });

  it("hits a transactionsTarget exactly, and streams a million rows quickly", () => {
    expect([...generateTransactions({ ...OPTIONS, transactionsTarget: 5_000 })]).toHaveLength(5_000);
    const big = { seed: 1, months: 120, endDate: "2026-03-15", transactionsTarget: 1_000_000 };
    const started = performance.now();
    let count = 0;
    let last: DemoTransaction | undefined;
    for (const t of generateTransactions(big)) {
      count += 1;
      last = t;
    }
    expect(count).toBe(1_000_000);
    expect(last!.sourceId).toBe("demo-1000000");
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("rejects options it cannot honour", () => {
    expect(() => describePlan({ ...OPTIONS, transactionsTarget: 10 })).toThrow(RangeError);
    expect(() => describePlan({ ...OPTIONS, months: 0 })).toThrow(RangeError);
    expect(() => describePlan({ ...OPTIONS, endDate: "2026-02-30" })).toThrow(RangeError);
  });
});
