import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { buildDashboard, DASHBOARD_DIST } from "@tandem/infra/dashboard/build";
import { type DashboardServer, serveDashboard } from "@tandem/infra/dashboard/serve";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summariseViolations, watchCspViolations } from "./support/csp";
import { ARTIFACTS, CHROMIUM_FLAGS } from "./support/site";
import { type SeededApi, startSeededApi } from "./support/stack";

// The built dashboard in Debian's Chromium, as a member meets it: log in, read every page,
// watch the status panel notice the API going away. Screenshots are kept as artifacts.
const PAGES = {
  "/": ["chart-spending-by-category", "chart-income-vs-expense", "chart-net-worth"],
  "/spending": ["chart-category-breakdown", "chart-category-trend", "chart-top-merchants"],
  "/accounts": [],
} as const;

let api: SeededApi;
let site: DashboardServer;
let browser: Browser;
let page: Page;
const requested: string[] = [];
const cspViolations: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  api = await startSeededApi();
  await buildDashboard(
    { TANDEM_API_URL: api.url, TANDEM_API_KEY: api.apiKey, DASHBOARD_SEAL_KEY: api.sealKey },
    { quiet: true },
  );
  site = await serveDashboard(DASHBOARD_DIST, api.dashboardPort);
  browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_FLAGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.clock.install();
  page = await context.newPage();
  page.on("request", (request) => requested.push(request.url()));
  watchCspViolations(page, cspViolations);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await api?.stop();
});

const shot = (name: string) => page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`), fullPage: true });
const minorOf = async (testId: string) => Number(await page.getByTestId(testId).getAttribute("data-minor"));

async function first<T>(rows: Promise<T[]>): Promise<T> {
  return (await rows)[0]!;
}

describe("the dashboard in Chromium", () => {
  it("sends a stranger to the login page and reveals nothing before login", async () => {
    await page.goto(`${site.url}/spending`);
    await page.waitForURL(/\/login/);
    expect(new URL(page.url()).searchParams.get("next")).toBe("/spending");
    await shot("login");
  });

  it("logs in and shows the overview with tiles equal to the API's numbers", async () => {
    await page.getByLabel("Email").fill(api.login.email);
    await page.getByLabel("Password").fill(api.login.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => url.pathname === "/spending");
    await page.goto(`${site.url}/`);
    await page.getByTestId("tile-balance").waitFor();

    const base = await first(
      api.sql<{ currency: string }[]>`select base_currency as currency from households where id = ${api.householdId}`,
    );
    // The balance tile against what the API itself reports for the same accounts.
    const accounts = (await (
      await fetch(`${api.url}/accounts`, { headers: { authorization: `Bearer ${api.apiKey}` } })
    ).json()) as { items: { currency: string; archived: boolean; balance: number }[] };
    const balance = accounts.items
      .filter((account) => account.currency === base.currency && !account.archived)
      .reduce((sum, account) => sum + account.balance, 0);
    expect(await minorOf("tile-balance")).toBe(balance);

    const month = new Date().toISOString().slice(0, 7);
    const flows = await first(
      api.sql<{ spending: string; income: string }[]>`
        select coalesce(-sum(t.amount) filter (where k.kind = 'expense'), 0)::text as spending,
               coalesce(sum(t.amount) filter (where k.kind = 'income'), 0)::text as income
        from transactions t left join categories c on c.id = t.category_id
        cross join lateral (select coalesce(c.kind, case when t.amount < 0 then 'expense' else 'income' end) as kind) k
        where t.household_id = ${api.householdId} and not t.pending and t.currency = ${base.currency}
          and to_char(t.date, 'YYYY-MM') = ${month}`,
    );
    expect(await minorOf("tile-spending")).toBe(Number(flows.spending));
    expect(await minorOf("tile-income")).toBe(Number(flows.income));
  });

  for (const [path, charts] of Object.entries(PAGES)) {
    it(`renders every chart on ${path} with marks, in light and dark`, async () => {
      await page.goto(`${site.url}${path}`);
      for (const chart of charts) {
        const figure = page.getByTestId(chart);
        await figure.locator("svg").first().waitFor();
        const marks = await figure.locator("svg [aria-label] > *").count();
        expect(marks, `${chart} has marks`).toBeGreaterThan(0);
      }
      const name = path === "/" ? "overview" : path.slice(1);
      await shot(name);
      await page.emulateMedia({ colorScheme: "dark" });
      await shot(`${name}-dark`);
      await page.emulateMedia({ colorScheme: "light" });
    });
  }

  it("shows the API healthy, then down within one 30-second poll after it stops", async () => {
    await page.goto(`${site.url}/accounts`);
    await expect.poll(() => page.getByTestId("api-status").textContent()).toMatch(/\bup\b/i);
    expect(await page.getByTestId("db-latency").textContent()).toMatch(/\d/);
    expect(await page.getByTestId("data-built-at").textContent()).not.toBe("");
    await page.getByTestId("bank-items").waitFor();
    await shot("accounts-status-up");

    await api.stopApi();
    await page.clock.fastForward(31_000);
    await expect.poll(() => page.getByTestId("api-status").textContent(), { timeout: 15_000 }).toMatch(/\bdown\b/i);
    await shot("accounts-status-down");
  });

  it("made no request outside localhost", () => {
    const outside = requested
      .filter((url) => /^(https?|wss?):/.test(url))
      .filter((url) => !["localhost", "127.0.0.1"].includes(new URL(url).hostname));
    expect(outside).toEqual([]);
    expect(requested.length).toBeGreaterThan(0);
  });
});

describe("the visit as a whole", () => {
  it("broke no Content-Security-Policy", () => {
    expect(summariseViolations(cspViolations)).toEqual([]);
  });
});
