/**
 * Dashboard benchmark: `npm run bench:dashboard`. A script that prints figures, not a test.
 *
 * 1. Creates a throwaway database `tandem_bench_<random>` on the server in DATABASE_URL
 *    (default postgres://postgres@127.0.0.1:5432/postgres, used as admin), migrates it,
 *    seeds the demo household and COPYs BENCH_ROWS (default 1,000,000) generated
 *    transactions into it (BENCH_MONTHS of history ending today), then VACUUM ANALYZE.
 * 2. Starts the real API in-process on a free port and makes a read-only API key.
 * 3. Measures, each figure beside its comparison from the same run:
 *    - the ledger loader as Framework runs it (its own tsx process): wall time, output
 *      size, peak memory; then where that time goes, from a second process doing the same
 *      work timed phase by phase (bench/loader-phases.ts): start-up and imports, fetching
 *      every transaction through the API client, the danfo aggregation, sealing;
 *    - the danfo aggregation vs the same GROUP BYs in PostgreSQL (median of BENCH_AGG_RUNS);
 *    - the whole dashboard build (Framework + loaders);
 *    - page weight: dist, each page with what it links, the sealed data file;
 *    - in Debian's Chromium: navigation start to the first chart's SVG on the overview
 *      (median of BENCH_RELOADS reloads, HTTP cache warm and disabled) vs the first
 *      contentful paint of the login page, which has no data.
 * 4. Drops the database, also on failure or Ctrl-C.
 *
 * Targets: build <= 60 s; first chart <= 1 s after the load event.
 * Figures go to stdout as Markdown, progress to stderr.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { createApiKey, loadEnv, type RunningServer, startServer } from "@tandem/api";
import { createApiClient } from "@tandem/shared";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import postgres from "postgres";
import {
  merchantSpending,
  monthEndBalances,
  monthlyFlows,
  postedTransactions,
  type TransactionColumns,
} from "../../../dashboard/loaders/aggregate";
import { fetchTransactionColumns } from "../../../dashboard/loaders/ledger";
import type { FlowKind } from "../../../dashboard/src/components/ledger-data";
import { buildDashboard, DASHBOARD_DIR, DASHBOARD_DIST } from "../dashboard/build";
import { type DashboardServer, serveDashboard } from "../dashboard/serve";
import { describePlan } from "../demo/generate";
import { DEMO_EMAILS, DEMO_PASSWORD } from "../demo/seed";
import type { LoaderPhases } from "./loader-phases";
import { intEnv, isMain } from "./measure";
import { scratchDatabase } from "./scratch-database";
import { seedBenchHousehold } from "./setup";

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ROWS = intEnv("BENCH_ROWS", 1_000_000);
const MONTHS = intEnv("BENCH_MONTHS", 120);
const SEED = intEnv("BENCH_SEED", 1);
const AGG_RUNS = Math.max(1, intEnv("BENCH_AGG_RUNS", 3));
const RELOADS = Math.max(1, intEnv("BENCH_RELOADS", 5));
/** History ends today, so the overview's "this month" has money in it, as it would in use. */
const END_DATE = new Date().toISOString().slice(0, 10);
const TARGET_BUILD_S = 60;
const TARGET_FIRST_CHART_MS = 1_000;
const ROOT = resolve(DASHBOARD_DIR, "..");
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
export const FIRST_CHART = '[data-testid^="chart-"] svg';

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const msText = (ms: number) => `${Math.round(ms)} ms`;
const bytes = (n: number) =>
  n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(2)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
const count = (n: number) => n.toLocaleString("en-US");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timed<T>(run: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** Runs `run` `times` times; the median time and the last result. */
async function medianOf<T>(times: number, run: () => Promise<T> | T): Promise<{ ms: number; value: T; all: number[] }> {
  const all: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < times; i++) {
    const result = await timed(run);
    all.push(result.ms);
    value = result.value;
  }
  return { ms: median(all), value: value as T, all };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

// ---------------------------------------------------------------------------------------
// The loader as Framework runs it: its own process, output on stdout.

export interface ScriptRun {
  ms: number;
  stdout: Buffer;
  /** Peak resident set of the process (GNU time), when available. */
  maxRssBytes: number | null;
}

/** Runs a TypeScript script with tsx in dashboard/, as Framework runs a loader: a clean environment plus `env`. */
export function runScript(script: string, env: Record<string, string>): Promise<ScriptRun> {
  const tsx = resolve(ROOT, "node_modules/.bin/tsx");
  const gnuTime = existsSync("/usr/bin/time");
  const scratch = gnuTime ? mkdtempSync(join(os.tmpdir(), "tandem-bench-")) : null;
  const rssFile = scratch ? join(scratch, "rss") : null;
  const [command, args] = rssFile ? ["/usr/bin/time", ["-f", "%M", "-o", rssFile, tsx, script]] : [tsx, [script]];
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: DASHBOARD_DIR,
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: Buffer[] = [];
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", (code) => {
      const ms = performance.now() - started;
      let maxRssBytes: number | null = null;
      if (rssFile && existsSync(rssFile)) {
        const kib = Number(readFileSync(rssFile, "utf8").trim().split("\n").at(-1));
        if (Number.isFinite(kib)) maxRssBytes = kib * 1024;
      }
      if (scratch) rmSync(scratch, { recursive: true, force: true });
      const output = Buffer.concat(stdout);
      if (code !== 0 || output.length === 0)
        fail(new Error(`${relative(ROOT, script)} failed (exit ${code}):\n${stderr.slice(-4_000)}`));
      else done({ ms, stdout: output, maxRssBytes });
    });
  });
}

// ---------------------------------------------------------------------------------------
// The aggregations in PostgreSQL. Flows and merchants are the queries of
// tests/dashboard/loaders.test.ts; balances are the same figures as that test's query,
// written as a running sum over monthly nets (the test's correlated subquery re-sums an
// account's history for every month: fine for a test's few rows, minutes at a million).

export function sqlFlows(sql: postgres.Sql, hid: string) {
  return sql<{ month: string; accountId: string; categoryId: string | null; kind: string; amount: string }[]>`
    select to_char(t.date, 'YYYY-MM') as month, t.account_id as "accountId", t.category_id as "categoryId",
           coalesce(c.kind, case when t.amount < 0 then 'expense' else 'income' end) as kind,
           t.currency, sum(t.amount)::text as amount, count(*)::int as count
    from transactions t left join categories c on c.id = t.category_id
    where t.household_id = ${hid} and not t.pending
    group by 1, 2, 3, 4, 5`;
}

export function sqlMerchants(sql: postgres.Sql, hid: string) {
  return sql<{ month: string; spent: string }[]>`
    select to_char(t.date, 'YYYY-MM') as month, t.account_id as "accountId",
           coalesce(t.merchant, t.description) as merchant, t.currency,
           (-sum(t.amount))::text as spent, count(*)::int as count
    from transactions t left join categories c on c.id = t.category_id
    where t.household_id = ${hid} and not t.pending
      and coalesce(c.kind, case when t.amount < 0 then 'expense' else 'income' end) = 'expense'
    group by 1, 2, 3, 4`;
}

export function sqlBalances(sql: postgres.Sql, hid: string) {
  return sql<{ month: string; accountId: string; balance: string }[]>`
    with posted as (
      select account_id, date_trunc('month', date) as m, sum(amount) as amount
      from transactions where household_id = ${hid} and not pending
      group by 1, 2
    ), months as (
      select m from generate_series((select min(m) from posted), (select max(m) from posted), interval '1 month') as m
    )
    select to_char(months.m, 'YYYY-MM') as month, a.id as "accountId",
           (a.opening_balance + sum(coalesce(p.amount, 0)) over (partition by a.id order by months.m))::text as balance
    from accounts a cross join months
    left join posted p on p.account_id = a.id and p.m = months.m
    where a.household_id = ${hid}`;
}

// ---------------------------------------------------------------------------------------
// Page weight: each built page and the local files it links (stylesheets, module
// preloads, registered files such as the sealed data), raw and gzipped.

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const gzipped = (file: string) => gzipSync(readFileSync(file)).length;

interface PageWeight {
  page: string;
  html: number;
  assets: number;
  data: number;
  total: number;
  gzip: number;
  files: number;
}

function pageWeights(dist: string): { pages: PageWeight[]; total: number; totalGzip: number; dataFiles: string[] } {
  const files = walk(dist);
  const dataFiles = files.filter((file) => /\/_file\/data\/ledger\.[^/]*\.json$/.test(file));
  const pages: PageWeight[] = [];
  for (const htmlFile of files.filter((file) => file.endsWith(".html")).sort()) {
    const html = readFileSync(htmlFile, "utf8");
    const linked = new Set<string>();
    for (const match of html.matchAll(/["'](\.{1,2}\/[^"'?#]+)["']/g)) {
      const target = resolve(dirname(htmlFile), match[1]!);
      if (target !== htmlFile && !target.endsWith(".html") && existsSync(target) && statSync(target).isFile())
        linked.add(target);
    }
    const size = (file: string) => statSync(file).size;
    const data = [...linked].filter((file) => file.includes("/_file/"));
    const assets = [...linked].filter((file) => !file.includes("/_file/"));
    const sum = (list: string[]) => list.reduce((total, file) => total + size(file), 0);
    pages.push({
      page: `/${relative(dist, htmlFile).replace(/(index)?\.html$/, "")}`,
      html: size(htmlFile),
      assets: sum(assets),
      data: sum(data),
      total: size(htmlFile) + sum(assets) + sum(data),
      gzip: [htmlFile, ...linked].reduce((total, file) => total + gzipped(file), 0),
      files: linked.size + 1,
    });
  }
  const total = files.reduce((sum, file) => sum + statSync(file).size, 0);
  const totalGzip = files.reduce((sum, file) => sum + gzipped(file), 0);
  return { pages, total, totalGzip, dataFiles };
}

// ---------------------------------------------------------------------------------------
// Chromium

export interface Visit {
  /** ms since navigation start to the animation frame that paints the first chart's SVG. */
  firstChart: number;
  loadEventEnd: number;
  dataFileEnd: number | null;
}

/**
 * Records, in every document of the context, when the first chart's SVG enters the DOM
 * and the animation frame that paints it: a MutationObserver sees the insertion at once,
 * where polling from outside would add its own interval.
 */
export async function watchForFirstChart(context: BrowserContext): Promise<void> {
  await context.addInitScript((selector: string) => {
    const marks = window as unknown as { __firstChart?: number };
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      requestAnimationFrame((frame) => {
        marks.__firstChart = frame;
      });
    });
    observer.observe(document, { childList: true, subtree: true });
  }, FIRST_CHART);
}

/** The current document's figures, once its first chart has been painted. */
export async function chartTiming(page: Page): Promise<Visit> {
  await page.waitForFunction(() => (window as unknown as { __firstChart?: number }).__firstChart !== undefined, null, {
    timeout: 60_000,
  });
  await page.waitForLoadState("load");
  // No named functions inside: tsx (esbuild keepNames) would wrap them in a __name()
  // helper that exists in Node, not in the page.
  return page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    return {
      firstChart: (window as unknown as { __firstChart: number }).__firstChart,
      loadEventEnd: nav?.loadEventEnd ?? 0,
      dataFileEnd:
        resources.find((entry) => /\/_file\/data\/ledger\.[^/]*\.json/.test(entry.name))?.responseEnd ?? null,
    };
  });
}

async function loginFirstPaint(page: Page, url: string): Promise<{ fcp: number; load: number }> {
  await page.goto(url, { waitUntil: "load" });
  const handle = await page.waitForFunction(() => {
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    return fcp ? fcp.startTime : false;
  });
  const fcp = (await handle.jsonValue()) as number;
  const load = await page.evaluate(
    () => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd ?? 0,
  );
  return { fcp, load };
}

interface BrowserFigures {
  login: { fcp: number; load: number };
  firstVisit: Visit;
  warm: Visit[];
  cold: Visit[];
  chromiumVersion: string;
}

async function measureInBrowser(browser: Browser, siteUrl: string): Promise<BrowserFigures> {
  // The login page has no data: the floor of any page of this site in this browser.
  const loginContext = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const loginPage = await loginContext.newPage();
  await loginFirstPaint(loginPage, `${siteUrl}/login`); // warm-up: Chromium's own start-up
  const loginRuns: { fcp: number; load: number }[] = [];
  for (let i = 0; i < RELOADS; i++) loginRuns.push(await loginFirstPaint(loginPage, `${siteUrl}/login`));
  await loginContext.close();
  const login = { fcp: median(loginRuns.map((r) => r.fcp)), load: median(loginRuns.map((r) => r.load)) };

  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await watchForFirstChart(context);
  const page = await context.newPage();
  await page.goto(`${siteUrl}/login`);
  await page.getByLabel("Email").fill(DEMO_EMAILS.alex);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  // Logging in lands on the overview: its first visit, with only the login page's assets cached.
  await page.waitForURL((url) => url.pathname === "/", { timeout: 30_000, waitUntil: "commit" });
  const firstVisit = await chartTiming(page);

  const warm: Visit[] = [];
  for (let i = 0; i < RELOADS; i++) {
    await page.reload({ waitUntil: "commit" });
    warm.push(await chartTiming(page));
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const cold: Visit[] = [];
  for (let i = 0; i < RELOADS; i++) {
    await page.reload({ waitUntil: "commit" });
    cold.push(await chartTiming(page));
  }
  await context.close();
  return { login, firstVisit, warm, cold, chromiumVersion: browser.version() };
}

// ---------------------------------------------------------------------------------------

async function main() {
  const scratch = scratchDatabase("tandem_bench", ADMIN_URL, log);
  const { name, admin, cleanup } = scratch;
  let server: RunningServer | undefined;
  let direct: postgres.Sql | undefined;
  let site: DashboardServer | undefined;
  let browser: Browser | undefined;
  scratch.onCleanup(() => direct?.end({ timeout: 5 }));
  scratch.onCleanup(() => server?.close());
  scratch.onCleanup(() => site?.close());
  scratch.onCleanup(() => browser?.close());

  try {
    const plan = describePlan({ seed: SEED, months: MONTHS, endDate: END_DATE, transactionsTarget: ROWS });
    const [serverInfo] = await admin<{ version: string; shared_buffers: string }[]>`
      select current_setting('server_version') as version, current_setting('shared_buffers') as shared_buffers`;
    const { version, shared_buffers } = serverInfo!;
    await scratch.create();
    log(`created ${name}; loading ${count(ROWS)} transactions (${plan.start} .. ${plan.end})`);

    const started = performance.now();
    const household = await seedBenchHousehold(scratch.url, {
      rows: ROWS,
      seed: SEED,
      months: MONTHS,
      endDate: END_DATE,
      log,
    });
    const loadTime = seconds(started);
    log(`migrated, seeded and loaded (COPY + VACUUM ANALYZE) in ${loadTime}`);

    // The real API, as `npm start` runs it, on a free port, allowing the dashboard's origin.
    const dashboardPort = await freePort();
    const dashboardOrigin = `http://localhost:${dashboardPort}`;
    const sealKey = randomBytes(32).toString("base64");
    server = await startServer(
      loadEnv({
        NODE_ENV: "production",
        DATABASE_URL: scratch.url,
        API_PORT: "0",
        JWT_SECRET: randomBytes(32).toString("hex"),
        DASHBOARD_SEAL_KEY: sealKey,
        DASHBOARD_ORIGIN: dashboardOrigin,
      }),
    );
    const apiUrl = server.url;
    const hid = household.householdId;
    const { key: apiKey } = await createApiKey(server.handle.db, hid, household.userIds.alex, "Dashboard bench");
    const loaderEnv = { TANDEM_API_URL: apiUrl, TANDEM_API_KEY: apiKey, DASHBOARD_SEAL_KEY: sealKey };
    log(`API on ${apiUrl}`);

    // ---- every transaction through the API client, in this process: the columns both
    // aggregations below work on, and a warm-up of the API and the database's cache, so
    // the loader runs that follow see the same warm server the build will.
    const client = createApiClient({ baseUrl: apiUrl, token: apiKey });
    const [accounts, categories] = await Promise.all([client.accounts(), client.categories()]);
    const fetched = await timed(() => fetchTransactionColumns(client));
    const columns: TransactionColumns = fetched.value;
    if (columns.date.length !== ROWS) throw new Error(`fetched ${columns.date.length} transactions, expected ${ROWS}`);
    log(
      `fetched ${count(columns.date.length)} transactions in this process (API on the same thread): ${s(fetched.ms)}`,
    );

    // ---- the loader alone, as Framework runs it; then the same work timed phase by phase
    const loader = await runScript(resolve(DASHBOARD_DIR, "src/data/ledger.json.ts"), loaderEnv);
    log(`ledger loader (own process): ${s(loader.ms)}, ${bytes(loader.stdout.length)} on stdout`);
    const phasesRun = await runScript(resolve(import.meta.dirname, "loader-phases.ts"), loaderEnv);
    const phases = JSON.parse(phasesRun.stdout.toString()) as LoaderPhases;
    log(
      `loader phases: start-up ${s(phases.startup)}, fetch ${s(phases.fetch)}, aggregate ${s(phases.aggregate)}, seal ${s(phases.seal)}`,
    );

    const kinds = new Map<string, FlowKind>(categories.map((category) => [category.id, category.kind]));
    const danfo = await medianOf(AGG_RUNS, () => {
      const { frame, months } = postedTransactions(columns, kinds);
      if (!frame || !months) throw new Error("no posted transactions");
      return {
        flows: monthlyFlows(frame),
        merchants: merchantSpending(frame),
        balances: monthEndBalances(frame, accounts, months),
      };
    });
    log(`danfo aggregation: median ${s(danfo.ms)} (${danfo.all.map(s).join(", ")})`);

    // ---- the same aggregations in PostgreSQL
    direct = postgres(scratch.url, { max: 1, onnotice: () => {} });
    const db = direct;
    const inSql = await medianOf(AGG_RUNS, async () => ({
      flows: await sqlFlows(db, hid),
      merchants: await sqlMerchants(db, hid),
      balances: await sqlBalances(db, hid),
    }));
    log(`SQL aggregation: median ${s(inSql.ms)} (${inSql.all.map(s).join(", ")})`);
    const check = (what: string, a: number, b: number) => {
      if (a !== b) throw new Error(`${what}: danfo ${a}, SQL ${b}; the two aggregations disagree`);
    };
    check("flow rows", danfo.value.flows.length, inSql.value.flows.length);
    check("merchant rows", danfo.value.merchants.length, inSql.value.merchants.length);
    check("balance rows", danfo.value.balances.length, inSql.value.balances.length);
    const sumOf = (values: (string | number)[]) => values.reduce<bigint>((sum, v) => sum + BigInt(v), 0n);
    if (
      sumOf(danfo.value.flows.map((row) => row.amount)) !== sumOf(inSql.value.flows.map((row) => row.amount)) ||
      sumOf(danfo.value.balances.map((row) => row.balance)) !== sumOf(inSql.value.balances.map((row) => row.balance))
    )
      throw new Error("danfo and SQL agree on row counts but not on the sums");

    // ---- the whole build
    const buildMs = await buildDashboard(loaderEnv, { quiet: true });
    log(`dashboard build: ${s(buildMs)}`);
    const weights = pageWeights(DASHBOARD_DIST);
    if (weights.dataFiles.length !== 1)
      log(`expected one sealed ledger file in dist, found ${weights.dataFiles.length}`);
    const dataFile = weights.dataFiles[0];

    // ---- Chromium
    site = await serveDashboard(DASHBOARD_DIST, dashboardPort);
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_FLAGS });
    let inBrowser: BrowserFigures | null = null;
    let browserError: string | null = null;
    try {
      inBrowser = await measureInBrowser(browser, site.url);
      log(`first chart on /: median ${msText(median(inBrowser.warm.map((v) => v.firstChart)))} (warm cache)`);
    } catch (error) {
      browserError = (error as Error).message.split("\n")[0]!;
      log(`browser measurement failed: ${browserError}`);
      process.exitCode = 1;
    }

    // ---- report (stdout)
    const cpus = os.cpus();
    const out: string[] = [];
    out.push(`## Dashboard benchmark: ${count(ROWS)} transactions, one household`);
    out.push("");
    out.push(
      `Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
        `${os.platform()} ${os.release()}; Node ${process.version}; PostgreSQL ${version} on the same machine (shared_buffers ${shared_buffers})` +
        `${inBrowser ? `; Chromium ${inBrowser.chromiumVersion}` : ""}.`,
    );
    out.push(
      `Data: ${plan.start} .. ${plan.end} (${MONTHS} months); load (COPY + VACUUM ANALYZE) ${loadTime}. ` +
        `API, database, loader, build and browser all on this machine.`,
    );
    out.push("");
    out.push("| figure | value | compared with | value |");
    out.push("|---|---:|---|---:|");
    const row = (a: string, av: string, b: string, bv: string) => out.push(`| ${a} | ${av} | ${b} | ${bv} |`);
    const rss = loader.maxRssBytes === null ? "" : `, peak RSS ${bytes(loader.maxRssBytes)}`;
    row(
      `ledger loader, own process (tsx): wall time${rss}`,
      s(loader.ms),
      "its stdout (sealed JSON)",
      bytes(loader.stdout.length),
    );
    row(
      `– fetch: household + every transaction through the API client (${phases.pages} pages of ≤ 5,000)`,
      s(phases.fetch),
      "– aggregate: the danfo aggregations, as the loader runs them (once, cold)",
      s(phases.aggregate),
    );
    row(
      "– process start-up + the loader's imports (Node, tsx, danfojs-node)",
      s(phases.startup),
      "– seal: JSON + AES-GCM of the result",
      s(phases.seal),
    );
    row(
      "(phases above: a second run of the loader's work, timed inside; its wall time)",
      s(phasesRun.ms),
      "sum of its phases",
      s(phases.startup + phases.fetch + phases.aggregate + phases.seal),
    );
    row(
      `danfo: postedTransactions + monthlyFlows + merchantSpending + monthEndBalances (median of ${AGG_RUNS})`,
      s(danfo.ms),
      `same GROUP BYs in PostgreSQL (median of ${AGG_RUNS})`,
      s(inSql.ms),
    );
    row(
      "danfo / SQL",
      `${(danfo.ms / inSql.ms).toFixed(1)}x`,
      "rows: flows / merchants / balances (equal in both)",
      `${count(danfo.value.flows.length)} / ${count(danfo.value.merchants.length)} / ${count(danfo.value.balances.length)}`,
    );
    row(
      `dashboard build (Framework + loaders), target ≤ ${TARGET_BUILD_S} s: ${buildMs <= TARGET_BUILD_S * 1000 ? "MET" : "MISSED"}`,
      s(buildMs),
      "the ledger loader alone, run separately (above)",
      s(loader.ms),
    );
    row("dist total (raw)", bytes(weights.total), "dist total (gzip, per file)", bytes(weights.totalGzip));
    if (dataFile)
      row(
        `sealed data file ${relative(DASHBOARD_DIST, dataFile)} (raw)`,
        bytes(statSync(dataFile).size),
        "gzip",
        bytes(gzipped(dataFile)),
      );
    if (inBrowser) {
      const warmChart = median(inBrowser.warm.map((v) => v.firstChart));
      const warmLoad = median(inBrowser.warm.map((v) => v.loadEventEnd));
      const coldChart = median(inBrowser.cold.map((v) => v.firstChart));
      const coldLoad = median(inBrowser.cold.map((v) => v.loadEventEnd));
      const afterLoad = median(inBrowser.warm.map((v) => v.firstChart - v.loadEventEnd));
      const afterLoadCold = median(inBrowser.cold.map((v) => v.firstChart - v.loadEventEnd));
      const medianOrNa = (values: (number | null)[]) => {
        const present = values.filter((v): v is number => v !== null);
        return present.length ? msText(median(present)) : "n/a";
      };
      row(
        `/ : navigation start → first chart SVG, reload with HTTP cache (median of ${RELOADS})`,
        msText(warmChart),
        "/login (no data): navigation start → first contentful paint (median)",
        msText(inBrowser.login.fcp),
      );
      row(
        `/ : first chart after the load event, target ≤ ${TARGET_FIRST_CHART_MS} ms: ${afterLoad <= TARGET_FIRST_CHART_MS ? "MET" : "MISSED"}`,
        msText(afterLoad),
        "/ : load event end (median)",
        msText(warmLoad),
      );
      const dataEnd = inBrowser.warm.map((v) => v.dataFileEnd);
      row(
        "– / : sealed data file received (median, since navigation start; the seal key is already in the tab's storage)",
        medianOrNa(dataEnd),
        "– / : data received → chart painted (unseal, parse, Plot; median)",
        medianOrNa(inBrowser.warm.map((v) => (v.dataFileEnd === null ? null : v.firstChart - v.dataFileEnd))),
      );
      row(
        `/ : navigation start → first chart SVG, cache disabled (median of ${RELOADS})`,
        msText(coldChart),
        "after the load event / load event end",
        `${msText(afterLoadCold)} / ${msText(coldLoad)}`,
      );
      const first = inBrowser.firstVisit;
      row(
        "/ : first visit right after logging in (once): first chart SVG",
        msText(first.firstChart),
        "its sealed data file received / load event end (the seal key came with the login)",
        `${medianOrNa([first.dataFileEnd])} / ${msText(first.loadEventEnd)}`,
      );
    } else {
      row("time to first chart in Chromium", `failed: ${browserError}`, "", "");
    }
    out.push("");
    out.push("Page weight (each page's HTML + the local JS/CSS/files it links; raw bytes, gzip in the last column):");
    out.push("");
    out.push("| page | HTML | JS + CSS | data | total | files | total gzip |");
    out.push("|---|---:|---:|---:|---:|---:|---:|");
    for (const page of weights.pages)
      out.push(
        `| ${page.page} | ${bytes(page.html)} | ${bytes(page.assets)} | ${bytes(page.data)} | ${bytes(page.total)} | ${page.files} | ${bytes(page.gzip)} |`,
      );
    out.push("");
    out.push(
      "Method: one run of each process-level figure (after one untimed fetch of every transaction, which warms the API and " +
        "the database's cache as a build would find them); in-process figures are medians as noted. " +
        "The danfo figure is the loader's aggregation over the fetched columns (already in memory); the SQL figure is the same " +
        "three results computed by PostgreSQL and sent to this process. First chart = ms since navigation start (page clock) at which " +
        `the first \`${FIRST_CHART}\` exists (a MutationObserver notes the insertion; the time is that of the next animation frame, which paints it); the session is already logged in.`,
    );
    process.stdout.write(`${out.join("\n")}\n`);
  } finally {
    await cleanup();
  }
}

if (isMain(import.meta.url))
  main().catch((error: Error) => {
    console.error(error);
    process.exitCode = 1;
  });
