/**
 * One built dashboard against one seeded API (with the Plaid emulator as its bank) and one
 * Chromium, shared by the interactive page tests. Each member gets their own browser
 * context, as two people on two devices would.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { buildDashboard, DASHBOARD_DIST, type DashboardBuildEnv } from "@tandem/infra/dashboard/build";
import { type DashboardServer, serveDashboard } from "@tandem/infra/dashboard/serve";
import { DEMO_EMAILS, DEMO_PASSWORD } from "@tandem/infra/demo/seed";
import { type RunningPlaidEmulator, startPlaidEmulator } from "@tandem/infra/plaid-emulator";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { ROOT } from "../../support/process";
import { watchCspViolations } from "./csp";
import { type SeededApi, startSeededApi } from "./stack";

export const ARTIFACTS = resolve(ROOT, "tests/artifacts/dashboard");
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export type Member = "alex" | "blair";

export interface InteractiveSite {
  api: SeededApi;
  emulator: RunningPlaidEmulator;
  url: string;
  browser: Browser;
  /** A new browser context (its own sessionStorage), logged in as the member, on `path`. */
  open(member: Member, path: string, options?: { width?: number; height?: number }): Promise<Page>;
  /** A full-page screenshot kept under tests/artifacts/dashboard/<name>.png. */
  shot(page: Page, name: string): Promise<void>;
  /** Content-Security-Policy violations reported by the pages opened so far. */
  cspViolations: string[];
  close(): Promise<void>;
}

/**
 * Framework builds into one dist folder with one loader cache; concurrent runs (two
 * checkouts, two test processes) would overwrite each other's. The build holds a lock
 * directory and the site is served from a private copy.
 */
async function buildPrivateCopy(env: DashboardBuildEnv): Promise<string> {
  const lock = resolve(tmpdir(), "tandem-dashboard-build.lock");
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`another dashboard build holds ${lock}; remove it if none runs`);
      await new Promise((done) => setTimeout(done, 500));
    }
  }
  try {
    await buildDashboard(env, { quiet: true });
    const copy = mkdtempSync(resolve(tmpdir(), "tandem-dashboard-"));
    cpSync(DASHBOARD_DIST, copy, { recursive: true });
    return copy;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function startInteractiveSite(): Promise<InteractiveSite> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const emulator = await startPlaidEmulator({ port: 0, seed: 7 });
  const api = await startSeededApi({ plaid: emulator });
  let site: DashboardServer | undefined;
  let browser: Browser | undefined;
  let dist: string | undefined;
  const contexts: BrowserContext[] = [];
  const cspViolations: string[] = [];
  try {
    dist = await buildPrivateCopy({
      TANDEM_API_URL: api.url,
      TANDEM_API_KEY: api.apiKey,
      DASHBOARD_SEAL_KEY: api.sealKey,
      TANDEM_PLAID_LINK_SCRIPT: `${emulator.url}/link/link-initialize.js`,
    });
    site = await serveDashboard(dist, api.dashboardPort);
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_FLAGS });
  } catch (error) {
    await site?.close();
    await api.stop();
    await emulator.close();
    throw error;
  }
  const siteUrl = site.url;
  const chromiumBrowser = browser;

  async function open(member: Member, path: string, { width = 1280, height = 900 } = {}): Promise<Page> {
    const context = await chromiumBrowser.newContext({ viewport: { width, height } });
    contexts.push(context);
    const page = await context.newPage();
    watchCspViolations(page, cspViolations);
    await page.goto(`${siteUrl}/login?next=${encodeURIComponent(path)}`);
    await page.getByLabel("Email").fill(DEMO_EMAILS[member]);
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((url) => url.pathname === path);
    return page;
  }

  return {
    api,
    emulator,
    url: siteUrl,
    browser: chromiumBrowser,
    open,
    shot: async (page, name) => {
      await page.screenshot({ path: resolve(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    cspViolations,
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await chromiumBrowser.close();
      await site?.close();
      await api.stop();
      await emulator.close();
      if (dist) rmSync(dist, { recursive: true, force: true });
    },
  };
}
