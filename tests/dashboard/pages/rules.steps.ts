import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { InteractiveSite } from "../support/site";

interface Rule {
  id: string;
  name: string;
  stage: string;
  priority: number;
  enabled: boolean;
  conditions: unknown[];
  actions: unknown[];
}

export function rulesSteps(site: () => InteractiveSite): void {
  describe("rules page", () => {
    const tag = randomBytes(3).toString("hex");
    let token = "";

    async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
      if (!token) {
        const login = await fetch(`${site().api.url}/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: "alex@demo.tandem", password: "tandem-demo-password" }),
        });
        token = ((await login.json()) as { accessToken: string }).accessToken;
      }
      const response = await fetch(`${site().api.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return (response.status === 204 ? undefined : await response.json()) as T;
    }
    const rules = async () => (await call<{ items: Rule[] }>("GET", "/rules")).items;
    const form = (page: Page) => page.locator("form.tandem-rule-form");
    const ruleItem = (page: Page, name: string) =>
      page.locator("li.tandem-rule").filter({ has: page.getByText(name, { exact: true }) });
    const listedNames = (page: Page) => page.locator("li.tandem-rule .tandem-rule-name").allTextContents();

    let page: Page;
    let merchant = "";
    const name = `Tag ${tag}`;

    it("previews a new rule before saving it, with the count the API gives, then lists it", async () => {
      const [top] = await site().api.sql<{ merchant: string }[]>`
        select merchant from transactions
         where household_id = ${site().api.householdId} and merchant is not null
         group by merchant order by count(*) desc limit 1`;
      merchant = top!.merchant;
      page = await site().open("alex", "/rules");
      await page.getByRole("button", { name: "New rule" }).click();
      const f = form(page);
      await f.getByLabel("Name").fill(name);
      await f.getByLabel("Field").selectOption("merchant");
      await f.getByLabel("Test").selectOption("contains");
      await f.getByLabel("Text", { exact: true }).fill(merchant);
      await f.getByLabel("Add tags").fill(`t-${tag}`);
      await f.getByRole("button", { name: "Preview changes" }).click();
      const summary = page.getByTestId("rule-preview-summary");
      await summary.waitFor();
      const expected = await call<{ total: number; matched: number }>("POST", "/rules/preview", {
        rule: {
          name,
          conditions: [{ field: "merchant", op: "contains", value: merchant }],
          actions: [{ type: "addTags", tags: [`t-${tag}`] }],
        },
      });
      expect(expected.total).toBeGreaterThan(0);
      const shown = /would change ([\d,]+)/.exec((await summary.textContent()) ?? "")?.[1]?.replace(/,/g, "");
      expect(Number(shown)).toBe(expected.total);
      expect(await page.getByTestId("rule-preview").locator("tbody tr").count()).toBe(Math.min(20, expected.total));
      expect((await rules()).some((r) => r.name === name)).toBe(false);
      await site().shot(page, "rules-preview");

      await f.getByRole("button", { name: "Save rule" }).click();
      await ruleItem(page, name).waitFor();
      expect(await ruleItem(page, name).textContent()).toContain(`contains “${merchant}”`);
      expect((await rules()).find((r) => r.name === name)?.actions).toEqual([{ type: "addTags", tags: [`t-${tag}`] }]);
      await site().shot(page, "rules-created");
    });

    it("edits a rule", async () => {
      await page.getByRole("button", { name: `Edit “${name}”` }).click();
      const f = form(page);
      expect(await f.getByLabel("Name").inputValue()).toBe(name);
      expect(await f.getByLabel("Text", { exact: true }).inputValue()).toBe(merchant);
      await f.getByLabel("Name").fill(`${name} edited`);
      await f.getByLabel("Stage").selectOption("last");
      await f.getByRole("button", { name: "Save changes" }).click();
      await ruleItem(page, `${name} edited`).waitFor();
      const saved = (await rules()).find((r) => r.name === `${name} edited`);
      expect(saved?.stage).toBe("last");
      expect(await ruleItem(page, `${name} edited`).textContent()).toContain("Last stage");
      await site().shot(page, "rules-edited");
    });

    it("moves a rule up, and the order stays after a reload", async () => {
      const base = {
        stage: "normal",
        conditions: [{ field: "description", op: "contains", value: `nothing-${tag}` }],
        actions: [{ type: "addTags", tags: [`o-${tag}`] }],
      };
      await call("POST", "/rules", { ...base, name: `Alpha ${tag}` });
      await call("POST", "/rules", { ...base, name: `Beta ${tag}` });
      await page.reload();
      await ruleItem(page, `Beta ${tag}`).waitFor();
      const before = await listedNames(page);
      expect(before.indexOf(`Beta ${tag}`)).toBe(before.indexOf(`Alpha ${tag}`) + 1);
      await page.getByRole("button", { name: `Move “Beta ${tag}” up` }).click();
      await page.getByText(`Moved “Beta ${tag}” up.`).waitFor();
      await page.reload();
      await ruleItem(page, `Beta ${tag}`).waitFor();
      const after = await listedNames(page);
      expect(after.indexOf(`Beta ${tag}`)).toBe(after.indexOf(`Alpha ${tag}`) - 1);
      const api = (await rules()).map((r) => r.name);
      expect(api.indexOf(`Beta ${tag}`)).toBeLessThan(api.indexOf(`Alpha ${tag}`));
      await site().shot(page, "rules-reordered");
    });

    it("deletes a rule after asking", async () => {
      await page.getByRole("button", { name: `Delete “Alpha ${tag}”` }).click();
      await page.getByRole("button", { name: "Keep it" }).click();
      expect((await rules()).some((r) => r.name === `Alpha ${tag}`)).toBe(true);
      await page.getByRole("button", { name: `Delete “Alpha ${tag}”` }).click();
      await site().shot(page, "rules-delete-confirm");
      await page.getByRole("button", { name: "Yes, delete it" }).click();
      await page.getByText(`Deleted “Alpha ${tag}”.`).waitFor();
      expect((await rules()).some((r) => r.name === `Alpha ${tag}`)).toBe(false);
    });

    it("shows an unsafe pattern's error next to the field, keeping what was typed", async () => {
      const count = (await rules()).length;
      await page.getByRole("button", { name: "New rule" }).click();
      const f = form(page);
      await f.getByLabel("Name").fill(`Pattern ${tag}`);
      await f.getByLabel("Test").selectOption("regex");
      await f.getByLabel("Pattern", { exact: true }).fill("(a+)+$");
      await f.getByLabel("Add tags").fill(`p-${tag}`);
      await f.getByRole("button", { name: "Save rule" }).click();
      const pattern = f.getByLabel("Pattern", { exact: true });
      await expect.poll(() => pattern.getAttribute("aria-invalid")).toBe("true");
      const [messageId] = ((await pattern.getAttribute("aria-describedby")) ?? "").split(" ");
      const message = f.locator(`#${messageId}`);
      expect(await message.textContent()).toMatch(/repeated group/);
      // The message sits right after the pattern's own label.
      expect(await message.evaluate((node) => node.previousElementSibling?.querySelector("input")?.name)).toBe(
        "conditions.0.value",
      );
      expect(await pattern.inputValue()).toBe("(a+)+$");
      expect(await f.getByLabel("Name").inputValue()).toBe(`Pattern ${tag}`);
      expect((await rules()).length).toBe(count);
      await site().shot(page, "rules-invalid-regex");
    });

    it("turns members' repeated choices into suggestions to accept or dismiss", async () => {
      const accounts = await call<{ items: { id: string }[] }>("GET", "/accounts");
      const categories = await call<{ items: { id: string; name: string; kind: string }[] }>("GET", "/categories");
      const category = categories.items.find((c) => c.kind === "expense")!;
      const day = new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10);
      for (const shop of [`Keep ${tag}`, `Drop ${tag}`])
        for (const amount of [-1_234, -2_345]) {
          const created = await call<{ id: string }>("POST", "/transactions", {
            accountId: accounts.items[0]!.id,
            date: day,
            amount,
            description: shop,
            merchant: shop,
          });
          await call("PATCH", `/transactions/${created.id}`, { categoryId: category.id });
        }
      await page.reload();
      const suggestion = (shop: string) => page.locator("li.tandem-suggestion").filter({ hasText: `“${shop}”` });
      await suggestion(`Keep ${tag}`).waitFor();
      await suggestion(`Drop ${tag}`).waitFor();
      expect(await suggestion(`Keep ${tag}`).textContent()).toContain(category.name);
      await site().shot(page, "rules-suggestions");

      await suggestion(`Drop ${tag}`).getByRole("button", { name: "Dismiss" }).click();
      await suggestion(`Drop ${tag}`).waitFor({ state: "detached" });
      await suggestion(`Keep ${tag}`).getByRole("button", { name: "Edit first" }).click();
      const f = form(page);
      expect(await f.getByLabel("Text", { exact: true }).inputValue()).toBe(`Keep ${tag}`);
      expect(await f.getByLabel("Set the category to").inputValue()).toBe(category.id);
      await f.getByRole("button", { name: "Cancel" }).click();
      await suggestion(`Keep ${tag}`).getByRole("button", { name: "Create this rule" }).click();
      await suggestion(`Keep ${tag}`).waitFor({ state: "detached" });
      const made = (await rules()).find((r) => JSON.stringify(r.conditions).includes(`Keep ${tag}`));
      expect(made?.actions).toEqual([{ type: "setCategory", categoryId: category.id }]);
      await ruleItem(page, made!.name).waitFor();
      const left = (await call<{ items: { merchant: string }[] }>("GET", "/rules/suggestions")).items;
      expect(left.some((s) => s.merchant === `Drop ${tag}` || s.merchant === `Keep ${tag}`)).toBe(false);
      await site().shot(page, "rules-suggestion-accepted");
    });

    it("works at phone width", async () => {
      const phone = await site().open("alex", "/rules", { width: 390, height: 844 });
      await ruleItem(phone, `Beta ${tag}`).waitFor();
      await phone.getByRole("button", { name: "New rule" }).click();
      const f = form(phone);
      await f.getByLabel("Name").fill(`Phone ${tag}`);
      await f.getByLabel("Text", { exact: true }).fill(merchant);
      await f.getByLabel("Add tags").fill(`ph-${tag}`);
      await f.getByRole("button", { name: "Preview changes" }).click();
      await phone.getByTestId("rule-preview-summary").waitFor();
      await site().shot(phone, "rules-phone");
      // Nothing sticks out of the screen (wide tables scroll inside their own box).
      const outside = await phone.evaluate(() =>
        [...document.querySelectorAll("main *")]
          .filter(
            (node) => !node.closest(".tandem-scroll") && node.getBoundingClientRect().right > window.innerWidth + 1,
          )
          .map((node) => `${node.tagName.toLowerCase()}.${node.className}`),
      );
      expect(outside).toEqual([]);
      expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
        0,
      );
    });
  });
}
