import { formatMoney, type SettleUp, toDecimalString } from "@tandem/shared";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { InteractiveSite } from "../support/site";

const money = (minor: number, currency: string) => formatMoney(minor, currency, "en-US");

/** The page's headline, in words, from the API's answer (computed here, not copied from the page's code). */
function expectedHeadlines(data: SettleUp): string[] {
  if (!data.balances.length) return ["You are all square"];
  const name = (id: string) => data.members.find((member) => member.id === id)?.displayName;
  const several = data.balances.length > 1;
  return data.balances.map((balance) => {
    const suffix = several ? ` in ${balance.currency}` : "";
    if (!balance.debt) return `You are all square${suffix}`;
    return `${name(balance.debt.fromMemberId)} owes ${name(balance.debt.toMemberId)} ${money(balance.debt.amount, balance.currency)}${suffix}`;
  });
}

export function settleUpSteps(site: () => InteractiveSite): void {
  describe("settle-up page", () => {
    let page: Page;
    let before: SettleUp;
    let owing: { from: string; to: string; amount: number; currency: string };

    const get = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${site().api.url}${path}`, {
        headers: { authorization: `Bearer ${site().api.apiKey}` },
      });
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
      return (await response.json()) as T;
    };
    const shot = async (target: Page, name: string) => {
      await target.evaluate(() => window.scrollTo(0, 0));
      await site().shot(target, name);
    };
    const shownHeadlines = () => page.locator('[data-testid="settle-up-headline"] p').allTextContents();
    const recordForm = () => page.locator("form", { has: page.getByRole("button", { name: "Record settlement" }) });

    it("says who owes whom, as GET /settle-up has it, with the transactions behind it", async () => {
      page = await site().open("alex", "/settle-up");
      before = await get<SettleUp>("/settle-up");
      await expect.poll(shownHeadlines).toEqual(expectedHeadlines(before));
      // The transactions behind it, newest first, as the API lists them.
      const rows = page.locator("section", { has: page.getByRole("heading", { name: "The transactions behind it" }) });
      if (before.items.length) {
        await rows.locator("tbody tr").first().waitFor();
        expect(await rows.locator("tbody tr").count()).toBe(Math.min(25, before.items.length));
        if (before.items.length > 25) {
          await rows.getByRole("button", { name: /^Show \d+ more$/ }).click();
          await expect.poll(() => rows.locator("tbody tr").count()).toBe(Math.min(50, before.items.length));
        }
        expect(await rows.locator("tbody tr").first().locator("td").nth(1).textContent()).toBe(
          before.items[0]!.description,
        );
        for (const member of before.members) {
          await rows.getByRole("columnheader", { name: `${member.displayName}'s part` }).waitFor();
        }
      }
      await shot(page, "settle-up-start");
    });

    it("records the settlement it proposes once, even when the first try's answer is lost, and the balance reaches zero", async () => {
      let debt = before.balances.find((balance) => balance.debt);
      if (!debt) {
        // Already square (another page settled it): make a balance to settle by recording a payment.
        const form = recordForm();
        await form.getByLabel("Amount").fill("25.00");
        await page.getByRole("button", { name: "Record settlement" }).click();
        await page.getByText(/^Recorded: /).waitFor();
        before = await get<SettleUp>("/settle-up");
        await expect.poll(shownHeadlines).toEqual(expectedHeadlines(before));
        debt = before.balances.find((balance) => balance.debt)!;
      }
      owing = {
        from: debt.debt!.fromMemberId,
        to: debt.debt!.toMemberId,
        amount: debt.debt!.amount,
        currency: debt.currency,
      };
      const form = recordForm();
      // Prefilled with what is owed, who owes it and the currency.
      await expect
        .poll(() => form.getByLabel("Amount").inputValue())
        .toBe(toDecimalString(owing.amount, owing.currency));
      expect(await form.getByLabel("Who paid").inputValue()).toBe(owing.from);
      expect(await form.getByLabel("Paid to").inputValue()).toBe(owing.to);
      expect(await form.getByLabel("Currency").inputValue()).toBe(owing.currency);
      await form.getByLabel("Note (optional)").fill("Settling up from the page");

      const { sql, householdId } = site().api;
      const count = async () =>
        (await sql<{ n: number }[]>`select count(*)::int as n from settlements where household_id = ${householdId}`)[0]!
          .n;
      const countBefore = await count();
      // The first try reaches the API, but its answer never comes back to the browser.
      await page.route("**/settlements", async (route) => {
        await route.fetch();
        await route.abort("connectionreset");
      });
      await page.getByRole("button", { name: "Record settlement" }).click();
      await form
        .locator("[data-form-error]")
        .getByText(/Cannot reach/)
        .waitFor();
      expect(await form.getByLabel("Note (optional)").inputValue()).toBe("Settling up from the page");
      expect(await count()).toBe(countBefore + 1);
      await page.unroute("**/settlements");
      // The member tries again: the same submission, so the same settlement.
      await page.getByRole("button", { name: "Record settlement" }).click();
      await page.getByText(/^Recorded: /).waitFor();
      expect(await count()).toBe(countBefore + 1);

      const after = await get<SettleUp>("/settle-up");
      const settled = after.balances.find((balance) => balance.currency === owing.currency);
      expect(settled?.debt ?? null).toBeNull();
      const several = after.balances.length > 1;
      await expect.poll(shownHeadlines).toEqual(expectedHeadlines(after));
      expect(await shownHeadlines()).toContain(
        several ? `You are all square in ${owing.currency}` : "You are all square",
      );
      await shot(page, "settle-up-settled");
    });

    it("undoes the settlement and the balance comes back", async () => {
      const settlements = page.locator("section", { has: page.getByRole("heading", { name: "Settlements recorded" }) });
      await settlements
        .getByRole("button", { name: /^Undo: .* paid .*/ })
        .first()
        .waitFor();
      const [newest] = (await get<{ items: { id: string; note: string | null }[] }>("/settlements")).items.filter(
        (settlement) => settlement.note === "Settling up from the page",
      );
      expect(newest).toBeDefined();
      const row = settlements.locator("tr", { hasText: "Settling up from the page" });
      await row.getByRole("button", { name: /^Undo/ }).click();
      await page.getByText(/^Undone: /).waitFor();
      const after = await get<SettleUp>("/settle-up");
      const back = after.balances.find((balance) => balance.currency === owing.currency)!;
      expect(back.debt).toEqual({ fromMemberId: owing.from, toMemberId: owing.to, amount: owing.amount });
      await expect.poll(shownHeadlines).toEqual(expectedHeadlines(after));
      await shot(page, "settle-up-undone");
      await page.close();
    });

    it("fits a phone's width", async () => {
      const phone = await site().open("alex", "/settle-up", { width: 390, height: 844 });
      await phone.locator('[data-testid="settle-up-headline"] p').first().waitFor();
      await phone.getByRole("button", { name: "Record settlement" }).waitFor();
      await shot(phone, "settle-up-phone");
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await phone.close();
    });
  });
}
