import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, runScript } from "./support/process";

// `npm start` as a newcomer meets it: embedded PGlite, the demo household, one URL.
const dataDir = mkdtempSync(join(tmpdir(), "tandem-quickstart-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

type AccountList = { items: { name: string; transactionCount: number; balance: number }[] };
let firstRunAccounts: AccountList | undefined;

async function startQuickstart(port: number) {
  const started = runScript("infra/src/start.ts", {
    API_PORT: String(port),
    DASHBOARD_PORT: String(await freePort()),
    TANDEM_DATA_DIR: dataDir,
    DATABASE_URL: "",
  });
  const [, url] = await started.waitFor(/^API: (http\S+)$/m);
  const [, email, password] = await started.waitFor(/^Demo login: (\S+) .*\/ password (\S+)$/m);
  const [, dashboard] = await started.waitFor(/^Dashboard: (http\S+) \(built in/m, 120_000);
  return { started, url: url!, email: email!, password: password!, dashboard: dashboard! };
}

async function signIn(url: string, email: string, password: string) {
  const response = await fetch(`${url}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

describe("npm start", () => {
  it("serves the API with a seeded demo household a newcomer can sign in to", async () => {
    const port = await freePort();
    const { started, url, email, password, dashboard } = await startQuickstart(port);
    try {
      expect(url).toBe(`http://localhost:${port}`);
      // The dashboard is built against this API and served; its data files are sealed.
      const login = await fetch(`${dashboard}/login`);
      expect(login.status).toBe(200);
      expect(await login.text()).toContain(`content="${url}"`);
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: "ok", database: { reachable: true, driver: "pglite" } });

      const token = await signIn(url, email, password);
      const auth = { authorization: `Bearer ${token}` };
      const accounts = (await (await fetch(`${url}/accounts`, { headers: auth })).json()) as AccountList;
      expect(accounts.items.length).toBeGreaterThanOrEqual(3);
      firstRunAccounts = accounts;
      const page = (await (await fetch(`${url}/transactions?limit=100`, { headers: auth })).json()) as {
        items: unknown[];
        nextCursor: string;
      };
      expect(page.items).toHaveLength(100);
      expect(page.nextCursor).toBeTruthy();
      const docs = await fetch(`${url}/docs`);
      expect(docs.status).toBe(200);

      // The demo bank arrives through Plaid's flow and the sync engine, not the seeder.
      expect(started.output()).toMatch(/^Bank: .+ via the local Plaid emulator/m);
      const banks = (await (await fetch(`${url}/plaid/items`, { headers: auth })).json()) as {
        items: { status: string; lastSuccessAt: string | null; accountIds: string[] }[];
      };
      expect(banks.items).toHaveLength(1);
      expect(banks.items[0]).toMatchObject({ status: "healthy" });
      expect(banks.items[0]!.lastSuccessAt).toBeTruthy();
      const bankAccount = banks.items[0]!.accountIds[0]!;
      const synced = (await (
        await fetch(`${url}/transactions?accountId=${bankAccount}`, { headers: auth })
      ).json()) as {
        items: { source: string }[];
      };
      expect(synced.items.length).toBeGreaterThan(0);
      expect(synced.items.every((t) => t.source === "plaid")).toBe(true);
    } finally {
      await started.stop();
    }
  });

  it("restarts on the same data without seeding the demo twice", async () => {
    const port = await freePort();
    const { started, url, email, password } = await startQuickstart(port);
    try {
      const token = await signIn(url, email, password);
      const accounts = (await (
        await fetch(`${url}/accounts`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as AccountList;
      // Same accounts, same transactions, same balances: re-linking the demo bank added nothing.
      expect(accounts).toEqual(firstRunAccounts);
      expect(started.output()).toMatch(/sync: 0 added, \d+ unchanged/);
    } finally {
      await started.stop();
    }
  });

  it("says clearly when the port is taken", async () => {
    const port = await freePort();
    const blocker = createServer().listen(port);
    try {
      const started = runScript("infra/src/start.ts", { API_PORT: String(port), TANDEM_DATA_DIR: dataDir });
      expect(await started.exited).toBe(1);
      expect(started.output()).toContain(`Port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });
});
