import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { InteractiveSite } from "../support/site";

interface PlaidItem {
  id: string;
  institutionName: string | null;
  status: string;
  needsRelogin: boolean;
  lastSyncAt: string | null;
  accountIds: string[];
}

async function tokenOf(site: InteractiveSite): Promise<string> {
  const response = await fetch(`${site.api.url}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(site.api.login),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function apiGet<T>(site: InteractiveSite, token: string, path: string): Promise<T> {
  const response = await fetch(`${site.api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path} → ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Every transaction of the account, page by page, as the API lists them. */
async function countTransactions(site: InteractiveSite, token: string, accountId: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const query: string = `accountId=${accountId}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const page = await apiGet<{ items: unknown[]; nextCursor: string | null }>(site, token, `/transactions?${query}`);
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}

const card = (page: Page, name: string) => page.locator("article.banks-item", { hasText: name });

export function banksSteps(site: () => InteractiveSite): void {
  describe("banks page", () => {
    // The emulator names the bank after the institution chosen in its Link dialog.
    const bankName = "Tartan Bank";
    let itemId = "";
    let token = "";

    it("links the emulator bank and shows its transactions", async () => {
      token = await tokenOf(site());
      const before = await apiGet<{ items: PlaidItem[] }>(site(), token, "/plaid/items");
      const page = await site().open("alex", "/banks");
      const dialog = page.getByRole("dialog", { name: /Sandbox bank/ });

      // Escape leaves Link without linking anything.
      await page.getByRole("button", { name: "Link a bank" }).click();
      await dialog.waitFor();
      await page.keyboard.press("Escape");
      await page.getByText("Linking cancelled; nothing changed.").waitFor();
      expect(await dialog.count()).toBe(0);

      await page.getByRole("button", { name: "Link a bank" }).click();
      await dialog.waitFor();
      await dialog.getByLabel("Bank").selectOption({ label: bankName });
      await site().shot(page, "banks-link-dialog");
      await dialog.getByRole("button", { name: "Continue" }).click();

      await page.getByText(`${bankName} is linked and its transactions have arrived.`).waitFor({ timeout: 60_000 });
      const after = await apiGet<{ items: PlaidItem[] }>(site(), token, "/plaid/items");
      const linked = after.items.filter((i) => !before.items.some((b) => b.id === i.id));
      expect(linked).toHaveLength(1);
      itemId = linked[0]!.id;
      expect(linked[0]).toMatchObject({ institutionName: bankName, status: "healthy" });
      expect(linked[0]!.accountIds.length).toBeGreaterThan(0);

      const bank = card(page, bankName);
      await expect
        .poll(() => bank.getByRole("link", { name: /transactions?$/ }).count())
        .toBe(linked[0]!.accountIds.length);
      for (const accountId of linked[0]!.accountIds) {
        const shown = await bank.locator(`a[data-account-id="${accountId}"]`).textContent();
        const count = await countTransactions(site(), token, accountId);
        expect(count).toBeGreaterThan(0);
        expect(shown).toBe(`${count} transaction${count === 1 ? "" : "s"}`);
      }
      expect(await bank.locator(".badge").textContent()).toBe("Connected");
      await bank.getByText("Sync log").click();
      await bank.getByRole("cell", { name: "First sync after linking" }).waitFor();
      await site().shot(page, "banks-linked");
    });

    it("repairs a login that needs it, syncs now and removes the bank", async () => {
      const [row] = await site().api.sql<{ plaid_item_id: string }[]>`
        select plaid_item_id from plaid_items where id = ${itemId}`;
      const reset = await fetch(`${site().emulator.url}/__emulator/items/${row!.plaid_item_id}/reset_login`, {
        method: "POST",
      });
      expect(reset.status).toBe(200);
      // The emulator tells the API by webhook; the page shows it on its next refresh.
      await expect
        .poll(
          async () =>
            (await apiGet<{ items: PlaidItem[] }>(site(), token, "/plaid/items")).items.find((i) => i.id === itemId)
              ?.needsRelogin,
          { timeout: 15_000 },
        )
        .toBe(true);

      const page = await site().open("alex", "/banks", { width: 390, height: 844 });
      const bank = card(page, bankName);
      await bank.getByText("Needs re-login").waitFor();
      await site().shot(page, "banks-needs-relogin-phone");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      await bank.getByRole("button", { name: "Re-login" }).click();
      const dialog = page.getByRole("dialog", { name: /Sandbox bank/ });
      await dialog.waitFor();
      await dialog.getByRole("button", { name: "Continue" }).click();
      await bank.getByText(`${bankName} is connected again.`).waitFor({ timeout: 60_000 });
      expect(await bank.locator(".badge").textContent()).toBe("Connected");
      expect(await bank.getByRole("button", { name: "Re-login" }).isVisible()).toBe(false);
      const repaired = (await apiGet<{ items: PlaidItem[] }>(site(), token, "/plaid/items")).items.find(
        (i) => i.id === itemId,
      );
      expect(repaired).toMatchObject({ status: "healthy", needsRelogin: false });
      await site().shot(page, "banks-relogged-phone");

      // Right after a sync the API asks to wait: the page says so in words.
      await bank.getByRole("button", { name: "Sync now" }).click();
      await bank.getByText(/synced moments ago; try again in \d+ s/).waitFor();

      // Past the cooldown, Sync now runs and the log gains a line.
      await site().api.sql`update plaid_items set last_sync_at = now() - interval '1 hour' where id = ${itemId}`;
      await bank.getByText("Sync log").click();
      const runs = bank.locator("table.banks-runs tbody tr");
      await runs.first().waitFor();
      const logged = await runs.count();
      await bank.getByRole("button", { name: "Sync now" }).click();
      await bank.getByText(/^Synced: /).waitFor();
      await expect.poll(() => runs.count()).toBe(logged + 1);
      expect(await runs.first().textContent()).toContain("Sync now");
      await site().shot(page, "banks-synced-phone");

      // Remove asks first; "Keep it" changes nothing.
      await bank.getByRole("button", { name: "Remove", exact: true }).click();
      await bank.getByRole("button", { name: "Keep it" }).click();
      await bank.getByRole("button", { name: "Remove", exact: true }).click();
      await site().shot(page, "banks-remove-confirm-phone");
      await bank.getByRole("button", { name: "Yes, remove" }).click();
      await page.getByText(`${bankName} was removed.`).waitFor();
      await expect.poll(() => card(page, bankName).count()).toBe(0);
      const removed = (await apiGet<{ items: PlaidItem[] }>(site(), token, "/plaid/items")).items.find(
        (i) => i.id === itemId,
      );
      expect(removed?.status).toBe("removed");
      await site().shot(page, "banks-removed-phone");
    });

    it("links an OAuth bank: the page goes to the bank's site and back, then shows its transactions", async () => {
      const oauthBank = "Platypus OAuth Bank";
      const before = await apiGet<{ items: PlaidItem[] }>(site(), token, "/plaid/items");
      const page = await site().open("alex", "/banks");
      await page.getByRole("button", { name: "Link a bank" }).click();
      const dialog = page.getByRole("dialog", { name: /Sandbox bank/ });
      await dialog.getByLabel("Bank").selectOption({ label: oauthBank });
      await dialog.getByRole("button", { name: "Continue" }).click();

      // Link takes the whole window to the bank's own site (the emulator's stand-in)…
      await page.waitForURL((url) => url.origin === new URL(site().emulator.url).origin);
      await page.getByRole("heading", { name: oauthBank }).waitFor();
      await site().shot(page, "banks-oauth-at-the-bank");
      await page.getByRole("button", { name: "Allow and go back" }).click();

      // …which sends it back to the Banks page (PLAID_REDIRECT_URI); Link resumes there.
      const back = page.getByRole("dialog", { name: /Back from your bank/ });
      await back.waitFor();
      expect(new URL(page.url()).pathname).toBe("/banks");
      expect(new URL(page.url()).searchParams.has("oauth_state_id")).toBe(false);
      await site().shot(page, "banks-oauth-back");
      await back.getByRole("button", { name: "Continue" }).click();

      await page.getByText(`${oauthBank} is linked and its transactions have arrived.`).waitFor({ timeout: 60_000 });
      expect(await page.evaluate(() => sessionStorage.getItem("tandem.plaidLink"))).toBeNull();
      const after = await apiGet<{ items: PlaidItem[] }>(site(), token, "/plaid/items");
      const linked = after.items.filter((i) => !before.items.some((b) => b.id === i.id));
      expect(linked).toHaveLength(1);
      expect(linked[0]).toMatchObject({ institutionName: oauthBank, status: "healthy" });
      const bank = card(page, oauthBank);
      for (const accountId of linked[0]!.accountIds) {
        const count = await countTransactions(site(), token, accountId);
        expect(count).toBeGreaterThan(0);
        await expect
          .poll(() => bank.locator(`a[data-account-id="${accountId}"]`).textContent())
          .toBe(`${count} transaction${count === 1 ? "" : "s"}`);
      }
      await site().shot(page, "banks-oauth-linked");

      // Coming back in a browser that lost the Link session (another tab, storage cleared) says so.
      await page.goto(`${site().url}/banks?oauth_state_id=from-another-tab`);
      await page
        .getByText("The bank sent you back, but this browser no longer has the linking session; start linking again.")
        .waitFor();
      expect(new URL(page.url()).search).toBe("");
      await site().shot(page, "banks-oauth-lost-session");

      const removed = await fetch(`${site().api.url}/plaid/items/${linked[0]!.id}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${token}` },
      });
      expect(removed.ok).toBe(true);
    });
  });
}
