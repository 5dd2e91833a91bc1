import { describe, expect, it } from "vitest";
import { type SeriesView, upcomingPayments } from "./recurring";

const series = (id: string, over: Partial<SeriesView> = {}): SeriesView => ({
  id,
  status: "confirmed",
  amount: -5_000,
  nextDate: "2026-03-12",
  nextAmount: -5_000,
  ...over,
});

describe("upcomingPayments", () => {
  it("takes confirmed outgoing series due today to three days ahead", () => {
    const list = [
      series("today", { nextDate: "2026-03-10" }),
      series("in3", { nextDate: "2026-03-13" }),
      series("in4", { nextDate: "2026-03-14" }),
      series("past", { nextDate: "2026-03-09" }),
      series("ended", { nextDate: null, nextAmount: null }),
      series("suggested", { status: "suggested" }),
      series("dismissed", { status: "dismissed" }),
      series("income", { amount: 300_000, nextAmount: 300_000 }),
    ];
    expect(upcomingPayments(list, "2026-03-10").map((s) => s.id)).toEqual(["today", "in3"]);
  });
});
