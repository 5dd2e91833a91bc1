/**
 * The pure parts of the notification bell: the badge's text, the bell's accessible name
 * and the page a notification links to.
 */
import type { Notification } from "../shared/contract/notifications.js";

/** "" at 0 (the badge hides), the count up to 99, then "99+". */
export function badgeText(unread: number): string {
  if (!Number.isFinite(unread) || unread <= 0) return "";
  return unread > 99 ? "99+" : String(Math.floor(unread));
}

/** "Notifications, 3 unread" / "Notifications, none unread". */
export function bellLabel(unread: number): string {
  if (!Number.isFinite(unread) || unread <= 0) return "Notifications, none unread";
  return `Notifications, ${unread > 99 ? "more than 99" : Math.floor(unread)} unread`;
}

/** The page a notification is about, or null when no page shows its subject. */
export function notificationLink(n: Pick<Notification, "topic" | "subject">): string | null {
  const subject = n.subject ?? {};
  if (subject.transactionId) return "/transactions";
  if (subject.budgetId) return "/budgets";
  if (subject.itemId || subject.bankId) return "/banks";
  if (n.topic === "settle_up" || subject.fromMemberId || subject.toMemberId) return "/settle-up";
  if (n.topic === "budget" && Object.keys(subject).length > 0) return "/budgets";
  if (n.topic === "bank" && Object.keys(subject).length > 0) return "/banks";
  return null;
}

export const TOPIC_LABELS: Record<Notification["topic"], string> = {
  budget: "Budgets nearing or over their limit",
  bank: "Bank connection problems",
  recurring: "Recurring payments (missed or changed)",
  goal: "Savings goals",
  large_transaction: "Large transactions",
  unusual_transaction: "Unusual payments",
  settle_up: "Settling up between you",
};

export const MODE_LABELS = { on: "On", quiet: "Quiet (listed, not counted)", off: "Off" } as const;
