import { type BudgetStatus, formatMoney, toDecimalString, toIsoDate } from "@tandem/shared";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { InteractiveSite } from "../support/site";

const money = (minor: number, currency: string) => formatMoney(minor, currency, "en-US");

export function budgetsSteps(site: () => InteractiveSite): void {
  describe("budgets page", () => {
    let page: Page;
    let month: string;
    let category: { id: string; name: string; spent: number };
    let budgetId: string;

    const get = async <T>(path: string): Promise<T> => {
      const response = await fetch(`${site().api.url}${path}`, {
        headers: { authorization: `Bearer ${site().api.apiKey}` },
      });
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
      return (await response.json()) as T;
    };
    const statusOf = async (id: string) => {
      const list = await get<{ items: BudgetStatus[] }>(`/budgets/status?period=${month}`);
      return list.items.find((item) => item.budgetId === id);
    };
    /** Full-page shots from the top, so the sticky header sits where it belongs. */
    const shot = async (target: Page, name: string) => {
      await target.evaluate(() => window.scrollTo(0, 0));
      await site().shot(target, name);
    };
    const row = () => page.locator(`tr[data-budget-id="${budgetId}"]`);
    const cells = async () => (await row().locator("td").allTextContents()).map((text) => text.trim());

    it("creates a budget for a category with spending this month and shows the API's numbers with the 80/100% marks", async () => {
      const { sql, householdId } = site().api;
      const today = toIsoDate(new Date());
      month = today.slice(0, 7);
      // A top-level expense category with spending this month (in it or its subcategories) and no budget yet.
      const [found] = await sql<{ id: string; name: string; spent: string }[]>`
        select top.id, top.name, -sum(t.amount) as spent
        from transactions t
          join categories c on c.id = t.category_id
          join categories top on top.id = coalesce(c.parent_id, c.id)
        where t.household_id = ${householdId} and top.kind = 'expense' and top.parent_id is null
          and not t.pending and t.date >= ${`${month}-01`} and t.date <= ${today}
          and not exists (select 1 from budgets b where b.category_id = top.id)
        group by top.id, top.name
        having sum(t.amount) < 0
        order by sum(t.amount) asc
        limit 1`;
      expect(found, "a category with spending this month").toBeDefined();
      category = { id: found!.id, name: found!.name, spent: Number(found!.spent) };
      const household = await get<{ baseCurrency: string }>("/household");
      const currency = household.baseCurrency;
      // Comfortably more than spent so far: under budget.
      const amount = Math.ceil((category.spent * 2) / 100) * 100;

      page = await site().open("alex", "/budgets");
      await page.getByRole("heading", { name: "Add a budget" }).waitFor();
      await page.getByLabel("What it covers").first().selectOption({ label: category.name });
      await page.getByLabel("How often").first().selectOption("monthly");
      await page.getByLabel(`Amount per period (${currency})`).first().fill(toDecimalString(amount, currency));
      // Started last month with rollover on: what was left (or overspent) then is carried in.
      const lastMonth = toIsoDate(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 2, 1)));
      await page.getByLabel("Starts on").fill(lastMonth);
      await page.getByLabel("Carry what is left (or overspent) into the next period").first().check();
      await page.getByRole("button", { name: "Add budget" }).click();
      await page.getByText(`Added: ${category.name}, ${money(amount, currency)} every month.`).waitFor();

      const [created] = await sql<{ id: string }[]>`
        select id from budgets where household_id = ${householdId} and category_id = ${category.id}`;
      budgetId = created!.id;
      const status = (await statusOf(budgetId))!;
      expect(status.budgeted).toBe(amount);
      expect(status.spent).toBeGreaterThan(0);
      expect(status.rolloverIn).not.toBe(0);
      await row().waitFor();
      const shown = await cells();
      expect(await row().locator("th").textContent()).toBe(`${category.name} (month)`);
      expect(shown.slice(1, 8)).toEqual([
        money(status.budgeted, currency),
        money(status.rolloverIn, currency),
        money(status.available, currency),
        money(status.spent, currency),
        money(status.remaining, currency),
        status.percent === null ? "—" : `${status.percent}%`,
        money(status.projectedSpend, currency),
      ]);
      expect(shown[8]).toMatch(/^(On track|Close to the limit|On track to go over|Over by .*)$/);
      // The chart: a bar per active budget, the 80 % (dashed) and 100 % marks.
      const chart = page.locator(".tandem-budgets-chart svg").first();
      await chart.waitFor();
      expect(await chart.locator('g[aria-label="rule"]').count()).toBe(2);
      expect(await chart.locator('g[aria-label="x-axis tick label"] text').allTextContents()).toEqual(
        expect.arrayContaining(["80", "100"]),
      );
      await page.getByText(`${status.percent}%`, { exact: true }).first().waitFor();
      await shot(page, "budgets-created");
    });

    it("edits the amount below what is spent and the bar turns over budget", async () => {
      const before = (await statusOf(budgetId))!;
      const lower = Math.max(100, Math.floor(before.spent / 2 / 100) * 100);
      await page.getByRole("button", { name: `Edit ${category.name} (month)` }).click();
      const amount = page.getByRole("form").getByLabel(/Amount per period/);
      await expect.poll(() => amount.evaluate((el) => el === document.activeElement)).toBe(true);
      await amount.fill(toDecimalString(lower, before.currency));
      await page.getByRole("button", { name: "Save changes" }).click();
      await page.getByText(`Saved: ${category.name}, ${money(lower, before.currency)} every month.`).waitFor();

      const after = (await statusOf(budgetId))!;
      expect(after.budgeted).toBe(lower);
      expect(after.over).toBe(true);
      await expect.poll(async () => (await cells())[1]).toBe(money(after.budgeted, after.currency));
      expect((await cells())[3]).toBe(money(after.available, after.currency));
      expect((await cells())[4]).toBe(money(after.spent, after.currency));
      expect((await cells())[8]).toBe(`Over by ${money(after.spent - after.available, after.currency)}`);
      expect(await row().getAttribute("class")).toContain("tandem-budget-over");
      // The over-budget bar is drawn in the danger colour.
      const danger = page.locator('.tandem-budgets-chart svg g[aria-label="bar"][fill="var(--tandem-danger)"] rect');
      expect(await danger.count()).toBeGreaterThan(0);
      await shot(page, "budgets-edited");
    });

    it("shows the API's refusal of a negative amount next to the field and keeps the input", async () => {
      const countBefore = (await get<{ items: unknown[] }>("/budgets")).items.length;
      const createForm = page.locator("form", { has: page.getByRole("button", { name: "Add budget" }) });
      await createForm.getByLabel("What it covers").selectOption({ label: category.name });
      const amount = createForm.getByLabel(/Amount per period/);
      await amount.fill("-5");
      await page.getByRole("button", { name: "Add budget" }).click();
      await expect.poll(() => amount.getAttribute("aria-invalid")).toBe("true");
      const messageId = await amount.getAttribute("aria-describedby");
      const message = page.locator(`[id="${messageId}"]`);
      expect((await message.textContent())?.trim()).toMatch(/zero|positive/i);
      // Right after the amount's label.
      expect(
        await message.evaluate((el) => el.previousElementSibling?.querySelector('input[name="amount"]') !== null),
      ).toBe(true);
      expect(await amount.inputValue()).toBe("-5");
      expect((await get<{ items: unknown[] }>("/budgets")).items.length).toBe(countBefore);
      await shot(page, "budgets-refused");
      await amount.fill("");
    });

    it("fits a phone's width", async () => {
      const phone = await site().open("alex", "/budgets", { width: 390, height: 844 });
      await phone.locator(`tr[data-budget-id="${budgetId}"]`).waitFor();
      await phone.locator(".tandem-budgets-chart svg").first().waitFor();
      await shot(phone, "budgets-phone");
      const wide = await phone.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > 392 && !el.closest(".tandem-scroll"))
          .slice(0, 8)
          .map((el) => `${el.tagName}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`),
      );
      expect(wide).toEqual([]);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await phone.close();
    });

    it("deletes the budget after asking", async () => {
      await page.getByRole("button", { name: `Delete ${category.name} (month)` }).click();
      await page.getByText("Delete this budget?").waitFor();
      await shot(page, "budgets-delete-confirm");
      await page.getByRole("button", { name: "Yes, delete" }).click();
      await page.getByText(`Deleted the budget ${category.name} (month).`).waitFor();
      expect(await row().count()).toBe(0);
      const [left] = await site().api.sql`select count(*)::int as n from budgets where id = ${budgetId}`;
      expect(left!.n).toBe(0);
      await page.close();
    });
  });
}
