import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { InteractiveSite } from "../support/site";

interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

/** The API as alex, for the test's own data and for checking what the page did. */
async function apiAs(site: InteractiveSite): Promise<Api> {
  const login = await fetch(`${site.api.url}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(site.api.login),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${site.api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  return { get: (path) => call("GET", path), post: (path, body) => call("POST", path, body) };
}

export function importSteps(site: () => InteractiveSite): void {
  describe("import page", () => {
    const suffix = Date.now().toString(36);
    const accountName = `Import test ${suffix}`;
    let accountId = "";
    let csvPath = "";

    it("imports a CSV with a duplicate and a bad line", async () => {
      const api = await apiAs(site());
      const account = await api.post<{ id: string }>("/accounts", {
        name: accountName,
        type: "checking",
        currency: "USD",
        openingBalance: 0,
      });
      accountId = account.id;
      await api.post("/transactions", { accountId, date: "2026-01-05", amount: -4_200, description: "Corner bakery" });

      // Line 3 repeats the transaction above; line 4 has no date Tandem can read.
      csvPath = join(mkdtempSync(join(tmpdir(), "tandem-import-")), `statement-${suffix}.csv`);
      writeFileSync(
        csvPath,
        [
          "Date,Description,Shop,Amount",
          `2026-01-03,Import grocer ${suffix},Green grocer,-12.50`,
          "2026-01-05,Corner bakery,Bakery,-42.00",
          "sometime,Broken row,,-1.00",
          `2026-01-07,Import salary ${suffix},,1500.00`,
          "",
        ].join("\n"),
      );

      const page = await site().open("alex", "/import");
      await page.getByLabel("Account", { exact: true }).selectOption({ label: `${accountName} (USD)` });
      await page.getByLabel(/File from your bank/).setInputFiles(csvPath);
      await page.getByRole("button", { name: "Continue" }).click();

      await page.getByRole("heading", { name: "2. Which column is which" }).waitFor();
      expect(await page.getByLabel("Date column").inputValue()).toBe("Date");
      expect(await page.getByLabel("Description column").inputValue()).toBe("Description");
      expect(await page.getByLabel("Amount column").inputValue()).toBe("Amount");
      // A choice the first guess does not make, to see it remembered later.
      await page.getByLabel("Merchant column (optional)").selectOption("Shop");
      await site().shot(page, "import-mapping");
      await page.getByRole("button", { name: "Preview the import" }).click();

      await page.getByRole("heading", { name: "3. Check before importing" }).waitFor();
      const preview = page.locator(".import-step", {
        has: page.getByRole("heading", { name: "3. Check before importing" }),
      });
      const text = (await preview.textContent()) ?? "";
      expect(text).toContain("1 duplicate already in Tandem");
      expect(text).toContain("1 line cannot be read");
      expect(text).toMatch(/Line 4: .*date/i);
      expect(await page.getByRole("row", { name: /Corner bakery/ }).textContent()).toContain("Already in Tandem");
      expect(await page.getByRole("row", { name: new RegExp(`Import grocer ${suffix}`) }).textContent()).toContain(
        "New",
      );
      await site().shot(page, "import-preview");

      await page.getByRole("button", { name: "Import 2 transactions" }).click();
      await page.getByRole("heading", { name: "4. Done" }).waitFor();
      const done = (await page.getByRole("status").filter({ hasText: "imported" }).textContent()) ?? "";
      expect(done).toContain("2 transactions imported");
      expect(done).toContain("1 duplicate skipped");
      expect(done).toContain("1 unreadable line left out");
      await site().shot(page, "import-done");

      const { items } = await api.get<{ items: { description: string; amount: number; merchant: string | null }[] }>(
        `/transactions?accountId=${accountId}&limit=50`,
      );
      expect(items.map((t) => t.description).sort()).toEqual(
        ["Corner bakery", `Import grocer ${suffix}`, `Import salary ${suffix}`].sort(),
      );
      expect(items.find((t) => t.description === `Import salary ${suffix}`)?.amount).toBe(150_000);
      const mappings = await api.get<{ items: { accountId: string; mapping: { merchant?: string } }[] }>(
        "/imports/mappings",
      );
      expect(mappings.items.find((m) => m.accountId === accountId)?.mapping.merchant).toBe("Shop");
    });

    it("remembers the account's columns, and fits a phone", async () => {
      const page = await site().open("alex", "/import", { width: 390, height: 844 });
      await page.getByLabel("Account", { exact: true }).selectOption({ label: `${accountName} (USD)` });
      await page.getByLabel(/File from your bank/).setInputFiles(csvPath);
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("heading", { name: "2. Which column is which" }).waitFor();
      expect(await page.getByText("Filled in from the last CSV imported into").count()).toBe(1);
      expect(await page.getByLabel("Merchant column (optional)").inputValue()).toBe("Shop");
      expect(await page.getByLabel("Date column").inputValue()).toBe("Date");
      await site().shot(page, "import-remembered-phone");

      await page.getByRole("button", { name: "Preview the import" }).click();
      await page.getByRole("heading", { name: "3. Check before importing" }).waitFor();
      // Everything is already there now: three duplicates, nothing new to import.
      expect(await page.getByText("3 duplicates already in Tandem").count()).toBe(1);
      expect(await page.getByRole("button", { name: "Nothing new to import" }).isDisabled()).toBe(true);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await site().shot(page, "import-preview-phone");
    });
  });
}
