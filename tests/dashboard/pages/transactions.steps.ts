import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import type { InteractiveSite } from "../support/site";

interface Tx {
  id: string;
  accountId: string;
  amount: number;
  currency: string;
  categoryId: string | null;
  notes: string | null;
  merchant: string | null;
}

/** A call to the API as the member logged in on `page` (their token from sessionStorage). */
async function api<T>(page: Page, apiUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const result = await page.evaluate(
    async ({ url, method, body }) => {
      const session = JSON.parse(sessionStorage.getItem("tandem.session") ?? "{}");
      const response = await fetch(url, {
        method,
        headers: {
          Authorization: `Bearer ${session.accessToken}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, text: await response.text() };
    },
    { url: `${apiUrl}${path}`, method, body },
  );
  if (result.status >= 300) throw new Error(`${method} ${path} → ${result.status}: ${result.text}`);
  return (result.text ? JSON.parse(result.text) : undefined) as T;
}

const rowIds = (page: Page) =>
  page.locator("table.tx-table tbody tr[data-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-id")));

export function transactionsSteps(site: () => InteractiveSite): void {
  describe("transactions page", () => {
    const suffix = Date.now().toString(36).slice(-5);
    const bakery = `Crumb Bakery ${suffix}`;
    const florist = `Petal Florist ${suffix}`;
    let alex: Page;
    let accountId = "";
    let currency = "USD";
    let categories: { id: string; name: string }[] = [];
    const made: Record<string, Tx> = {};
    const call = <T>(method: string, path: string, body?: unknown) => api<T>(alex, site().api.url, method, path, body);

    it("filters and sorts together, as the API answers the same query, and keeps them on reload", async () => {
      alex = await site().open("alex", "/transactions");
      await alex.locator("table.tx-table tbody tr[data-id]").first().waitFor();

      const household = await call<{ baseCurrency: string }>("GET", "/household");
      currency = household.baseCurrency;
      const accounts = await call<{
        items: { id: string; currency: string; archived: boolean; transactionCount: number }[];
      }>("GET", "/accounts");
      const account = accounts.items
        .filter((a) => !a.archived && a.currency === currency)
        .sort((a, b) => b.transactionCount - a.transactionCount)[0];
      expect(account).toBeDefined();
      accountId = account?.id ?? "";
      const cats = await call<{ items: { id: string; name: string; parentId: string | null; kind: string }[] }>(
        "GET",
        "/categories",
      );
      categories = cats.items.filter((c) => c.parentId === null && c.kind === "expense").slice(0, 3);
      expect(categories.length).toBe(3);

      // Data of our own for the later steps: two at a bakery, two at a florist.
      for (const [key, merchant, amount] of [
        ["a", bakery, -1250],
        ["b", bakery, -830],
        ["c", florist, -4000],
        ["d", florist, -2600],
      ] as const) {
        made[key] = await call<Tx>("POST", "/transactions", {
          accountId,
          date: "2026-11-02",
          amount,
          description: `${merchant.toUpperCase()} CARD 1234`,
          merchant,
        });
      }

      const filters = alex.getByRole("search", { name: "Filter transactions" });
      await filters.getByLabel(/^Account/).selectOption(accountId);
      await filters.getByLabel("Amount at most").fill("-10");
      await filters.getByLabel("From").fill("2026-01-01");
      await filters.getByRole("button", { name: "Apply filters" }).click();
      await expect.poll(() => new URL(alex.url()).searchParams.get("accountId")).toBe(accountId);
      // Amount, then again for the lowest first.
      await alex.getByRole("button", { name: /^Amount/ }).click();
      await alex.getByRole("button", { name: /^Amount/ }).click();
      await expect
        .poll(() =>
          alex.locator("th", { has: alex.getByRole("button", { name: /^Amount/ }) }).getAttribute("aria-sort"),
        )
        .toBe("ascending");

      const expected = await call<{ items: Tx[] }>(
        "GET",
        `/transactions?accountId=${accountId}&maxAmount=-1000&from=2026-01-01&sort=amount&order=asc&limit=50`,
      );
      expect(expected.items.length).toBeGreaterThan(0);
      await expect.poll(() => rowIds(alex)).toEqual(expected.items.map((t) => t.id));
      for (const t of expected.items) expect(t.amount).toBeLessThanOrEqual(-1000);
      await site().shot(alex, "transactions-filtered-sorted");

      await alex.reload();
      await alex.locator("table.tx-table tbody tr[data-id]").first().waitFor();
      expect(await alex.getByLabel("Amount at most").inputValue()).toBe("-10");
      await expect.poll(() => rowIds(alex)).toEqual(expected.items.map((t) => t.id));

      // Who paid and a text sort join in; "Load more" continues with the API's next page.
      await filters.getByLabel(/^Paid by/).selectOption({ label: "Alex" });
      await filters.getByRole("button", { name: "Apply filters" }).click();
      await expect.poll(() => new URL(alex.url()).searchParams.get("memberId")).not.toBeNull();
      await alex.getByRole("button", { name: /^Description/ }).click();
      await expect.poll(() => new URL(alex.url()).searchParams.get("sort")).toBe("merchant");
      const memberId = new URL(alex.url()).searchParams.get("memberId");
      const query = `accountId=${accountId}&memberId=${memberId}&maxAmount=-1000&from=2026-01-01&sort=merchant&order=asc&limit=50`;
      const first = await call<{ items: Tx[]; nextCursor: string | null }>("GET", `/transactions?${query}`);
      expect(first.items.length).toBeGreaterThan(0);
      await expect.poll(() => rowIds(alex)).toEqual(first.items.map((t) => t.id));
      if (first.nextCursor) {
        const second = await call<{ items: Tx[] }>(
          "GET",
          `/transactions?${query}&cursor=${encodeURIComponent(first.nextCursor)}`,
        );
        await alex.getByRole("button", { name: "Load more" }).click();
        await expect.poll(() => rowIds(alex)).toEqual([...first.items, ...second.items].map((t) => t.id));
      }
      await site().shot(alex, "transactions-member-merchant-sort");
    });

    async function search(page: Page, text: string, count: number) {
      await page.goto(`${site().url}/transactions?q=${encodeURIComponent(text)}`);
      await expect.poll(() => page.locator("table.tx-table tbody tr[data-id]").count()).toBe(count);
    }

    async function openRow(page: Page, id: string) {
      await page.locator(`tr[data-id="${id}"] button.tx-open`).click();
      const editor = page.getByRole("dialog", { name: "Edit transaction" });
      await editor.getByLabel(/^Category/).waitFor();
      return editor;
    }

    it("edits a transaction's category and notes, and says a member chose it", async () => {
      const [first] = categories;
      await search(alex, bakery, 2);
      const editor = await openRow(alex, made.a?.id ?? "");
      await editor.getByLabel(/^Category/).selectOption(first?.id ?? "");
      await editor.getByLabel("Notes").fill("Birthday cake");
      await editor.getByRole("button", { name: "Save changes" }).click();
      await editor.getByText("Saved.").waitFor();
      await editor.getByText("Alex chose this category.").waitFor();
      await expect.poll(() => alex.locator(`tr[data-id="${made.a?.id}"] .tx-category`).textContent()).toBe(first?.name);
      const stored = await call<Tx>("GET", `/transactions/${made.a?.id}`);
      expect(stored).toMatchObject({ categoryId: first?.id, notes: "Birthday cake" });
      await site().shot(alex, "transactions-edited");
      await alex.keyboard.press("Escape");
      await expect.poll(() => editor.count()).toBe(0);
    });

    it("categorise a transaction and see the rule suggestion", async () => {
      const [first] = categories;
      const editor = await openRow(alex, made.b?.id ?? "");
      await editor.getByLabel(/^Category/).selectOption(first?.id ?? "");
      await editor.getByRole("button", { name: "Save changes" }).click();
      await editor.getByText("Saved.").waitFor();
      const suggestion = alex.locator(".tx-suggestion", { hasText: bakery });
      await suggestion.waitFor();
      expect(await suggestion.textContent()).toContain(first?.name);
      await site().shot(alex, "transactions-rule-suggested");
      await suggestion.getByRole("button", { name: "Create rule" }).click();
      await suggestion.getByText(/created/).waitFor();
      const rules = await call<{ items: { name: string; conditions: { value: unknown }[] }[] }>("GET", "/rules");
      expect(rules.items.some((r) => JSON.stringify(r.conditions).includes(bakery))).toBe(true);
      await site().shot(alex, "transactions-rule-created");
    });

    it("categorises a selection at once, with a previewed rule", async () => {
      const second = categories[1];
      await search(alex, florist, 2);
      for (const key of ["c", "d"]) await alex.locator(`tr[data-id="${made[key]?.id}"] input[type=checkbox]`).check();
      const bulk = alex.getByRole("form", { name: "Categorise the selected transactions" });
      await bulk.getByText("2 selected").waitFor();
      await bulk.getByLabel("New category").selectOption(second?.id ?? "");
      await bulk.getByLabel("Also create a rule for it").check();
      await bulk.getByText(/It matches 2 transactions/).waitFor();
      await site().shot(alex, "transactions-bulk-preview");
      await bulk.getByRole("button", { name: "Categorise selected" }).click();
      await alex.getByText(/2 transactions changed category, and the rule/).waitFor();
      for (const key of ["c", "d"]) {
        expect((await call<Tx>("GET", `/transactions/${made[key]?.id}`)).categoryId).toBe(second?.id);
      }
      await expect
        .poll(() => alex.locator("table.tx-table tbody .tx-category").allTextContents())
        .toEqual([second?.name, second?.name]);
      await site().shot(alex, "transactions-bulk-done");
    });

    it("shows the API's refusal of a split next to the field and keeps the input", async () => {
      const editor = await openRow(alex, made.c?.id ?? "");
      await editor.getByLabel("How it is shared").selectOption("exact");
      await editor.getByLabel("Alex's part").fill("10");
      await editor.getByLabel("Blair's part").fill("10.50");
      await editor.getByRole("button", { name: "Save changes" }).click();
      const message = editor.locator('[data-field="split.parts"] + .tandem-field-error');
      await message.waitFor();
      expect(await message.textContent()).toMatch(/parts add up to .+, but the transaction is /);
      expect(await editor.getByLabel("Alex's part").inputValue()).toBe("10");
      expect(await editor.getByLabel("Blair's part").inputValue()).toBe("10.50");
      expect((await call<Tx & { split: unknown }>("GET", `/transactions/${made.c?.id}`)).split).toBeNull();
      await site().shot(alex, "transactions-split-refused");

      await editor.getByLabel("Blair's part").fill("30");
      await editor.getByRole("button", { name: "Save changes" }).click();
      await editor.getByText("Saved.").waitFor();
      await editor.getByText("Exact amounts per person").waitFor();
      await site().shot(alex, "transactions-split-saved");
    });

    it("A second member sees the first member's changes after reload", async () => {
      const third = categories[2];
      const blair = await site().open("blair", "/transactions");
      await search(blair, bakery, 2);
      const row = blair.locator(`tr[data-id="${made.a?.id}"] .tx-category`);
      await expect.poll(() => row.textContent()).toBe(categories[0]?.name);

      await search(alex, bakery, 2);
      const editor = await openRow(alex, made.a?.id ?? "");
      await editor.getByLabel(/^Category/).selectOption(third?.id ?? "");
      await editor.getByLabel("Notes").fill("Birthday cake, for Sam");
      await editor.getByRole("button", { name: "Save changes" }).click();
      await editor.getByText("Saved.").waitFor();

      await blair.reload();
      await expect.poll(() => row.textContent()).toBe(third?.name);
      const seen = await openRow(blair, made.a?.id ?? "");
      expect(await seen.getByLabel("Notes").inputValue()).toBe("Birthday cake, for Sam");
      await seen.getByText("Alex chose this category.").waitFor();
      await site().shot(blair, "transactions-blair-sees-change");
    });

    it("fits a phone's width", async () => {
      const phone = await site().open("alex", "/transactions", { width: 390, height: 844 });
      await search(phone, florist, 2);
      const wide = () => phone.evaluate(() => document.documentElement.scrollWidth);
      expect(await wide()).toBeLessThanOrEqual(390);
      await site().shot(phone, "transactions-phone");
      await openRow(phone, made.d?.id ?? "");
      expect(await wide()).toBeLessThanOrEqual(390);
      await site().shot(phone, "transactions-phone-editor");
    });
  });
}
