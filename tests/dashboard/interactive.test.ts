import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { banksSteps } from "./pages/banks.steps";
import { budgetsSteps } from "./pages/budgets.steps";
import { importSteps } from "./pages/import.steps";
import { notificationsSteps } from "./pages/notifications.steps";
import { rulesSteps } from "./pages/rules.steps";
import { settleUpSteps } from "./pages/settle-up.steps";
import { transactionsSteps } from "./pages/transactions.steps";
import { summariseViolations } from "./support/csp";
import { type InteractiveSite, startInteractiveSite } from "./support/site";

// The interactive pages in Chromium, as the two members use them: one build, one API
// (with the Plaid emulator as the bank), each page's steps in its own module.
// Set TANDEM_PAGES=transactions,rules to run some pages only while working on them.
let site: InteractiveSite;
const context = () => site;

beforeAll(async () => {
  site = await startInteractiveSite();
}, 300_000);

afterAll(async () => {
  await site?.close();
});

const PAGES = {
  "/transactions": "Transactions",
  "/budgets": "Budgets",
  "/settle-up": "Settle-up",
  "/import": "Import",
  "/banks": "Banks",
  "/rules": "Rules",
};

describe("the interactive pages", () => {
  it("each opens after login, with its heading, the member's name and the notifications in the header", async () => {
    const page = await site.open("alex", "/transactions");
    for (const [path, heading] of Object.entries(PAGES)) {
      await page.goto(`${site.url}${path}`);
      expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe(heading);
      await expect.poll(() => page.getByTestId("member-name").textContent()).toBe("Alex");
      expect(await page.getByTestId("notifications").count()).toBe(1);
    }
  });
});

const only = new Set((process.env.TANDEM_PAGES ?? "").split(",").filter(Boolean));
const pages: [string, (site: () => InteractiveSite) => void][] = [
  ["transactions", transactionsSteps],
  ["budgets", budgetsSteps],
  ["import", importSteps],
  ["banks", banksSteps],
  ["settle-up", settleUpSteps],
  ["notifications", notificationsSteps],
  ["rules", rulesSteps],
];
for (const [name, steps] of pages) if (!only.size || only.has(name)) steps(context);

// Last, after every page's steps: the pages ran under the production policy without tripping it.
describe("the whole visit", () => {
  it("broke no Content-Security-Policy", () => {
    expect(summariseViolations(site.cspViolations)).toEqual([]);
  });
});
