import { describe, expect, it } from "vitest";
import { badgeText, bellLabel, notificationLink } from "./notifications-logic";

describe("the notification badge", () => {
  it("hides at 0, counts up to 99, then says 99+", () => {
    expect(badgeText(0)).toBe("");
    expect(badgeText(-1)).toBe("");
    expect(badgeText(1)).toBe("1");
    expect(badgeText(99)).toBe("99");
    expect(badgeText(100)).toBe("99+");
    expect(badgeText(5000)).toBe("99+");
  });

  it("names the bell with the unread count", () => {
    expect(bellLabel(3)).toBe("Notifications, 3 unread");
    expect(bellLabel(0)).toBe("Notifications, none unread");
    expect(bellLabel(120)).toBe("Notifications, more than 99 unread");
  });
});

describe("where a notification links", () => {
  it("maps subjects to pages", () => {
    expect(notificationLink({ topic: "large_transaction", subject: { transactionId: "t" } })).toBe("/transactions");
    expect(notificationLink({ topic: "unusual_transaction", subject: { transactionId: "t" } })).toBe("/transactions");
    expect(notificationLink({ topic: "budget", subject: { budgetId: "b" } })).toBe("/budgets");
    expect(notificationLink({ topic: "bank", subject: { itemId: "i" } })).toBe("/banks");
    expect(notificationLink({ topic: "settle_up", subject: { fromMemberId: "a", toMemberId: "b" } })).toBe(
      "/settle-up",
    );
  });

  it("links nowhere without a subject a page shows", () => {
    expect(notificationLink({ topic: "goal", subject: { goalId: "g" } })).toBeNull();
    expect(notificationLink({ topic: "recurring", subject: null })).toBeNull();
    expect(notificationLink({ topic: "budget", subject: null })).toBeNull();
  });
});
