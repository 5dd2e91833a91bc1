/**
 * The dashboard at one size, with bench:dashboard's machinery: the whole build (Framework +
 * loaders against the real API) next to the ledger loader alone; danfo's aggregation next to
 * the same GROUP BYs in PostgreSQL; and, in Debian's Chromium, logged in, the time from
 * navigation start until the first chart's SVG holds marks, next to the login page's first
 * contentful paint (a page with no data).
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { createApiKey, loadEnv, type RunningServer, startServer } from "@tandem/api";
import { createApiClient } from "@tandem/shared";
import type { Browser, Page } from "playwright-core";
import type postgres from "postgres";
import {
  merchantSpending,
  monthEndBalances,
  monthlyFlows,
  postedTransactions,
} from "../../../../dashboard/loaders/aggregate";
import { fetchTransactionColumns } from "../../../../dashboard/loaders/ledger";
import type { FlowKind } from "../../../../dashboard/src/components/ledger-data";
import { buildDashboard, DASHBOARD_DIR, DASHBOARD_DIST } from "../../dashboard/build";
import { type DashboardServer, serveDashboard } from "../../dashboard/serve";
import { DEMO_EMAILS, DEMO_PASSWORD, type DemoHousehold } from "../../demo/seed";
import { runScript, sqlBalances, sqlFlows, sqlMerchants } from "../dashboard";
import { log, median } from "./common";

/** A chart's SVG with at least one drawn mark (Plot labels its marks' groups; axes and grids aside). */
export const CHART_WITH_MARKS =
  '[data-testid^="chart-"] svg g[aria-label]:not([aria-label*="axis"]):not([aria-label*="grid"]) > *';

export interface DashboardResult {
  builds: number[];
  buildMedian: number;
  loaderMs: number;
  danfo: number[];
  sql: number[];
  danfoMedian: number;
  sqlMedian: number;
  firstChart: number[];
  firstChartMedian: number;
  firstVisit: number;
  loginFcp: number[];
  loginFcpMedian: number;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, () => {
      const address = probe.address();
      probe.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function timedRuns<T>(times: number, run: () => Promise<T> | T): Promise<{ all: number[]; value: T }> {
  const all: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    value = await run();
    all.push(performance.now() - started);
  }
  return { all, value: value as T };
}

/** ms from navigation start to the animation frame after the first chart with marks entered the DOM. */
async function firstChartAfter(page: Page, navigate: () => Promise<unknown>): Promise<number> {
  await navigate();
  await page.waitForFunction(() => (window as unknown as { __chart?: number }).__chart !== undefined, null, {
    timeout: 60_000,
  });
  return page.evaluate(() => (window as unknown as { __chart: number }).__chart);
}

export async function measureDashboard(options: {
  url: string;
  db: postgres.Sql;
  household: DemoHousehold;
  rows: number;
  builds: number;
  reps: number;
  reloads: number;
  browser: Browser;
}): Promise<DashboardResult> {
  const { household, db, browser } = options;
  const hid = household.householdId;
  let server: RunningServer | undefined;
  let site: DashboardServer | undefined;
  try {
    const dashboardPort = await freePort();
    const sealKey = randomBytes(32).toString("base64");
    server = await startServer(
      loadEnv({
        NODE_ENV: "production",
        DATABASE_URL: options.url,
        API_PORT: "0",
        JWT_SECRET: randomBytes(32).toString("hex"),
        DASHBOARD_SEAL_KEY: sealKey,
        DASHBOARD_ORIGIN: `http://localhost:${dashboardPort}`,
      }),
    );
    const apiUrl = server.url;
    const { key: apiKey } = await createApiKey(server.handle.db, hid, household.userIds.alex, "Report bench");
    const loaderEnv = { TANDEM_API_URL: apiUrl, TANDEM_API_KEY: apiKey, DASHBOARD_SEAL_KEY: sealKey };

    // ---- danfo vs SQL, on the same columns (fetched once through the API client)
    const client = createApiClient({ baseUrl: apiUrl, token: apiKey });
    const [accounts, categories] = await Promise.all([client.accounts(), client.categories()]);
    const columns = await fetchTransactionColumns(client);
    const kinds = new Map<string, FlowKind>(categories.map((category) => [category.id, category.kind]));
    const danfo = await timedRuns(options.reps, () => {
      const { frame, months } = postedTransactions(columns, kinds);
      if (!frame || !months) throw new Error("no posted transactions");
      return {
        flows: monthlyFlows(frame).length,
        merchants: merchantSpending(frame).length,
        balances: monthEndBalances(frame, accounts, months).length,
      };
    });
    const inSql = await timedRuns(options.reps, async () => ({
      flows: (await sqlFlows(db, hid)).length,
      merchants: (await sqlMerchants(db, hid)).length,
      balances: (await sqlBalances(db, hid)).length,
    }));
    if (JSON.stringify(danfo.value) !== JSON.stringify(inSql.value))
      throw new Error(`danfo and SQL disagree: ${JSON.stringify(danfo.value)} vs ${JSON.stringify(inSql.value)}`);
    log(`danfo ${median(danfo.all).toFixed(0)} ms, SQL ${median(inSql.all).toFixed(0)} ms (medians)`);

    // ---- the ledger loader alone, as Framework runs it; then the whole build
    const loader = await runScript(resolve(DASHBOARD_DIR, "src/data/ledger.json.ts"), loaderEnv);
    const builds: number[] = [];
    for (let i = 0; i < options.builds; i++) {
      builds.push(await buildDashboard(loaderEnv, { quiet: true }));
      log(`dashboard build ${i + 1}/${options.builds}: ${(builds.at(-1)! / 1000).toFixed(1)} s`);
    }

    // ---- Chromium: login page FCP; then logged in, the overview's first chart with marks
    site = await serveDashboard(DASHBOARD_DIST, dashboardPort);
    const loginContext = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const loginPage = await loginContext.newPage();
    const loginFcp: number[] = [];
    for (let i = 0; i <= options.reloads; i++) {
      await loginPage.goto(`${site.url}/login`, { waitUntil: "load" });
      const handle = await loginPage.waitForFunction(() => {
        const fcp = performance.getEntriesByName("first-contentful-paint")[0];
        return fcp ? fcp.startTime : false;
      });
      if (i > 0) loginFcp.push((await handle.jsonValue()) as number); // the first one warms Chromium up
    }
    await loginContext.close();

    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    await context.addInitScript((selector: string) => {
      const marks = window as unknown as { __chart?: number };
      const observer = new MutationObserver(() => {
        if (!document.querySelector(selector)) return;
        observer.disconnect();
        requestAnimationFrame((frame) => {
          marks.__chart = frame;
        });
      });
      observer.observe(document, { childList: true, subtree: true });
    }, CHART_WITH_MARKS);
    const page = await context.newPage();
    await page.goto(`${site.url}/login`);
    await page.getByLabel("Email").fill(DEMO_EMAILS.alex);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    const firstVisit = await firstChartAfter(page, async () => {
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL((u) => u.pathname === "/", { timeout: 30_000, waitUntil: "commit" });
    });
    const firstChart: number[] = [];
    for (let i = 0; i < options.reloads; i++)
      firstChart.push(await firstChartAfter(page, () => page.reload({ waitUntil: "commit" })));
    await context.close();
    log(`first chart with marks: median ${median(firstChart).toFixed(0)} ms (first visit ${firstVisit.toFixed(0)} ms)`);

    return {
      builds,
      buildMedian: median(builds),
      loaderMs: loader.ms,
      danfo: danfo.all,
      sql: inSql.all,
      danfoMedian: median(danfo.all),
      sqlMedian: median(inSql.all),
      firstChart,
      firstChartMedian: median(firstChart),
      firstVisit,
      loginFcp,
      loginFcpMedian: median(loginFcp),
    };
  } finally {
    await site?.close();
    await server?.close();
  }
}
