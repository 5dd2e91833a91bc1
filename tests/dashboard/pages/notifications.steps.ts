import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { InteractiveSite, Member } from "../support/site";

const EMAILS: Record<Member, string> = { alex: "alex@demo.tandem", blair: "blair@demo.tandem" };

/** What the badge should say for a count (as the bell shows it). */
const badgeText = (unread: number) => (unread <= 0 ? "" : unread > 99 ? "99+" : String(unread));

export function notificationsSteps(site: () => InteractiveSite): void {
  describe("notifications badge and panel", () => {
    const tokens: Partial<Record<Member, string>> = {};
    const tag = randomBytes(3).toString("hex");
    const payee = `Piano shop ${tag}`;

    async function call<T>(member: Member, method: string, path: string, body?: unknown): Promise<T> {
      if (!tokens[member]) {
        const login = await fetch(`${site().api.url}/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: EMAILS[member], password: "tandem-demo-password" }),
        });
        tokens[member] = ((await login.json()) as { accessToken: string }).accessToken;
      }
      const response = await fetch(`${site().api.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${tokens[member]}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return (response.status === 204 ? undefined : await response.json()) as T;
    }
    const unread = async (member: Member) =>
      (await call<{ unread: number }>(member, "GET", "/notifications/unread-count")).unread;
    const badge = (page: Page) => page.getByTestId("notifications-badge");
    const bell = (page: Page) => page.getByRole("button", { name: /^Notifications, / });
    const badgeNow = async (page: Page) =>
      (await badge(page).isVisible()) ? ((await badge(page).textContent()) ?? "") : "";

    let alex: Page;

    it("shows the member's unread count, with a fresh large payment among them", async () => {
      // Start from a known state for Alex: everything read, then two large payments today.
      await call("alex", "POST", "/notifications/read", { all: true });
      const household = await call<{ baseCurrency: string }>("alex", "GET", "/household");
      const accounts = await call<{ items: { id: string; currency: string }[] }>("alex", "GET", "/accounts");
      const account = accounts.items.find((a) => a.currency === household.baseCurrency)!;
      const today = new Date().toISOString().slice(0, 10);
      for (const amount of [-250_000, -260_000])
        await call("alex", "POST", "/transactions", {
          accountId: account.id,
          date: today,
          amount,
          description: `${payee} ${-amount}`,
          merchant: `${payee} ${-amount}`,
        });
      await expect.poll(() => unread("alex")).toBeGreaterThanOrEqual(2);

      alex = await site().open("alex", "/rules");
      await expect.poll(async () => badgeNow(alex)).toBe(badgeText(await unread("alex")));
      const count = await unread("alex");
      expect(await bell(alex).getAttribute("aria-label")).toBe(`Notifications, ${count} unread`);
      expect(await bell(alex).getAttribute("aria-expanded")).toBe("false");
      await site().shot(alex, "notifications-badge");
    });

    it("opens a panel listing them, which closes on Escape, an outside click and its button", async () => {
      const dialog = alex.getByRole("dialog", { name: "Notifications" });
      await bell(alex).click();
      await dialog.waitFor();
      expect(await bell(alex).getAttribute("aria-expanded")).toBe("true");
      await dialog.getByText(`paid to ${payee} 260000`).waitFor();
      expect(await dialog.evaluate((node) => node.contains(document.activeElement))).toBe(true);
      await site().shot(alex, "notifications-panel-open");

      await alex.keyboard.press("Escape");
      await dialog.waitFor({ state: "hidden" });
      expect(await bell(alex).evaluate((node) => node === document.activeElement)).toBe(true);
      expect(await bell(alex).getAttribute("aria-expanded")).toBe("false");

      await bell(alex).click();
      await dialog.waitFor();
      await alex.getByRole("heading", { level: 1 }).click();
      await dialog.waitFor({ state: "hidden" });

      await bell(alex).click();
      await dialog.waitFor();
      await dialog.getByRole("button", { name: "Close notifications" }).click();
      await dialog.waitFor({ state: "hidden" });
      expect(await bell(alex).evaluate((node) => node === document.activeElement)).toBe(true);
      await site().shot(alex, "notifications-panel-closed");
    });

    it("marks one read when it is opened, linking to its page, and the badge drops", async () => {
      const before = await unread("alex");
      await bell(alex).click();
      const dialog = alex.getByRole("dialog", { name: "Notifications" });
      const link = dialog.getByRole("link", { name: new RegExp(`paid to ${payee} 250000`) });
      expect(await link.getAttribute("href")).toBe("/transactions");
      await link.click();
      await alex.waitForURL((url) => url.pathname === "/transactions");
      await expect.poll(() => unread("alex")).toBe(before - 1);
      await expect.poll(async () => badgeNow(alex)).toBe(badgeText(before - 1));
      const feed = await call<{ items: { title: string; read: boolean }[] }>("alex", "GET", "/notifications");
      expect(feed.items.find((n) => n.title.endsWith(`${payee} 250000`))?.read).toBe(true);
      expect(feed.items.find((n) => n.title.endsWith(`${payee} 260000`))?.read).toBe(false);
      await site().shot(alex, "notifications-marked-read");
    });

    it("gives Blair his own count, with what Alex read still unread for him", async () => {
      const blair = await site().open("blair", "/rules");
      await expect.poll(async () => badgeNow(blair)).toBe(badgeText(await unread("blair")));
      expect(await unread("blair")).not.toBe(await unread("alex"));
      await bell(blair).click();
      const dialog = blair.getByRole("dialog", { name: "Notifications" });
      const item = dialog.getByRole("listitem").filter({ hasText: `paid to ${payee} 250000` });
      await item.waitFor();
      expect(await item.getAttribute("class")).toContain("tandem-unread");
      await site().shot(blair, "notifications-blair");
    });

    it("marks all read, and fits a phone's screen", async () => {
      const phone = await site().open("alex", "/rules", { width: 390, height: 844 });
      await bell(phone).click();
      const dialog = phone.getByRole("dialog", { name: "Notifications" });
      await dialog.getByText(`paid to ${payee} 260000`).waitFor();
      const box = (await dialog.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      await site().shot(phone, "notifications-phone");
      await dialog.getByText("What to notify about").click();
      await dialog.getByLabel("Large transactions").waitFor();
      expect(await dialog.getByLabel("Large transactions").inputValue()).toBe("on");
      await site().shot(phone, "notifications-preferences");
      await dialog.getByRole("button", { name: "Mark all read" }).click();
      await expect.poll(() => unread("alex")).toBe(0);
      await badge(phone).waitFor({ state: "hidden" });
      expect(await bell(phone).getAttribute("aria-label")).toBe("Notifications, none unread");
    });
  });
}
