import { describe, expect, it } from "vitest";
import type { BankTransaction } from "./mapping";
import { planUpdate, type UpdatePage } from "./plan";

function txn(sourceId: string, amount = -100, over: Partial<BankTransaction> = {}): BankTransaction {
  return {
    sourceId,
    plaidAccountId: "acc",
    date: "2026-03-01",
    amount,
    currency: "USD",
    description: sourceId,
    merchant: null,
    pending: false,
    pendingSourceId: null,
    plaidCategory: null,
    plaidCategoryConfidence: null,
    categoryName: null,
    ...over,
  };
}

const page = (p: Partial<UpdatePage>): UpdatePage => ({ added: [], modified: [], removed: [], ...p });

describe("planUpdate", () => {
  it("is empty for an empty update", () => {
    expect(planUpdate([])).toEqual({ upserts: [], removals: [] });
    expect(planUpdate([page({})])).toEqual({ upserts: [], removals: [] });
  });

  it("passes a single page through", () => {
    const plan = planUpdate([page({ added: [txn("a")], modified: [txn("b")], removed: ["c"] })]);
    expect(plan.upserts.map((t) => t.sourceId)).toEqual(["a", "b"]);
    expect(plan.removals).toEqual(["c"]);
  });

  it("cancels a transaction added and then removed within one update", () => {
    const plan = planUpdate([page({ added: [txn("a"), txn("b")] }), page({ removed: ["a"] })]);
    expect(plan.upserts.map((t) => t.sourceId)).toEqual(["b"]);
    // The removal still goes out: a row from an earlier update may exist, and deleting nothing is harmless.
    expect(plan.removals).toEqual(["a"]);
  });

  it("cancels an add and a removal on the same page", () => {
    const plan = planUpdate([page({ added: [txn("a")], removed: ["a"] })]);
    expect(plan.upserts).toEqual([]);
    expect(plan.removals).toEqual(["a"]);
  });

  it("lets the last word win: a later modification replaces an earlier version", () => {
    const plan = planUpdate([
      page({ added: [txn("a", -100)] }),
      page({ modified: [txn("a", -250)] }),
      page({ modified: [txn("a", -300, { pending: false, description: "final" })] }),
    ]);
    expect(plan.upserts).toEqual([txn("a", -300, { description: "final" })]);
    expect(plan.removals).toEqual([]);
  });

  it("keeps a transaction that is removed and then comes back", () => {
    const plan = planUpdate([page({ removed: ["a"] }), page({ added: [txn("a", -42)] })]);
    expect(plan.upserts).toEqual([txn("a", -42)]);
    expect(plan.removals).toEqual([]);
  });

  it("removes a modified transaction that is removed later", () => {
    const plan = planUpdate([page({ modified: [txn("a")] }), page({ removed: ["a", "a"] })]);
    expect(plan.upserts).toEqual([]);
    expect(plan.removals).toEqual(["a"]);
  });

  it("posts a pending transaction: the posted one is upserted, the pending one removed", () => {
    const plan = planUpdate([
      page({ added: [txn("pending", -100, { pending: true })] }),
      page({ added: [txn("posted", -120, { pendingSourceId: "pending" })], removed: ["pending"] }),
    ]);
    expect(plan.upserts.map((t) => [t.sourceId, t.pendingSourceId])).toEqual([["posted", "pending"]]);
    expect(plan.removals).toEqual(["pending"]);
  });

  it("holds one entry per transaction however many pages mention it", () => {
    const pages = Array.from({ length: 20 }, (_, i) =>
      page({ added: [txn(`t${i}`)], modified: [txn("shared", -i)], removed: i % 2 ? [`t${i - 1}`] : [] }),
    );
    const plan = planUpdate(pages);
    expect(plan.upserts.filter((t) => t.sourceId === "shared")).toEqual([txn("shared", -19)]);
    expect(plan.upserts.map((t) => t.sourceId).sort()).toEqual(
      ["shared", ...Array.from({ length: 10 }, (_, i) => `t${2 * i + 1}`)].sort(),
    );
    expect(new Set(plan.removals).size).toBe(plan.removals.length);
  });
});
