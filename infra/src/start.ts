/**
 * `npm start`: the API on embedded PGlite (or DATABASE_URL), migrated, with the demo
 * household seeded and, unless real Plaid credentials are set, the local Plaid
 * emulator standing in for the bank; then the dashboard, built against that API with a
 * read-only key and served, so a newcomer can sign in and see their charts.
 */
import { resolve } from "node:path";
import { ConfigError, loadEnv, PortInUseError, schema, startServer } from "@tandem/api";
import { eq } from "drizzle-orm";
import { ensureDashboardApiKey } from "./dashboard/api-key";
import { buildDashboard, DASHBOARD_DIST, DashboardBuildError } from "./dashboard/build";
import { serveDashboard } from "./dashboard/serve";
import { DEMO_EMAILS, DEMO_PASSWORD, seedDemoHousehold } from "./demo/seed";
import { linkDemoBank, startDemoEmulator } from "./demo-bank";
import { loadLocalSecrets } from "./local-secrets";

const ROOT = resolve(import.meta.dirname, "../..");
/** Local state: the embedded database, local secrets, the demo bank's "today", the dashboard's key. */
const DATA_DIR = resolve(process.env.TANDEM_DATA_DIR || resolve(ROOT, ".data"));

async function main() {
  // The terminal is for a person: the API's JSON lines only for warnings and errors
  // (LOG_LEVEL=info shows one line per request, as the hosted service logs them).
  process.env.LOG_LEVEL ||= "warn";
  const secrets = loadLocalSecrets(resolve(DATA_DIR, "local-secrets.json"));
  const apiPort = process.env.API_PORT ?? "3000";
  const dashboardPort = process.env.DASHBOARD_PORT ?? "3001";
  const useEmulator = !process.env.PLAID_CLIENT_ID;
  const emulator = useEmulator
    ? await startDemoEmulator(resolve(DATA_DIR, "demo-bank.json"), Number(process.env.PLAID_EMULATOR_PORT ?? 0))
    : null;
  const webhook = `http://localhost:${apiPort}/plaid/webhook`;
  const env = loadEnv({
    PGLITE_DIR: resolve(DATA_DIR, "pglite"),
    DASHBOARD_ORIGIN: `http://localhost:${dashboardPort}`,
    ...secrets,
    ...(emulator
      ? {
          PLAID_CLIENT_ID: emulator.clientId,
          PLAID_SECRET: emulator.secret,
          PLAID_BASE_URL: emulator.url,
          PLAID_WEBHOOK_URL: webhook,
          // OAuth banks send the member back to the Banks page (only with the emulator: real
          // Plaid refuses a redirect URI its dashboard does not list).
          PLAID_REDIRECT_URI: `http://localhost:${dashboardPort}/banks`,
        }
      : {}),
    ...process.env,
    API_PORT: apiPort,
  });
  const server = await startServer(env).catch(async (error) => {
    await emulator?.close();
    throw error;
  });
  const demo = await seedDemoHousehold(server.handle.db);
  const bank = emulator ? await linkDemoBank(server.deps, demo.householdId, DEMO_EMAILS.alex, webhook) : null;

  console.log(`API: ${server.url}`);
  console.log(`API docs: ${server.url}/docs`);
  console.log(`Demo login: ${demo.logins.map((l) => l.email).join(" or ")} / password ${DEMO_PASSWORD}`);
  console.log(`Database: ${env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${env.PGLITE_DIR}`}`);
  if (emulator && bank) {
    const run = bank.firstSync;
    console.log(
      `Bank: ${bank.item.institutionName} via the local Plaid emulator at ${emulator.url} (sync: ${run?.added ?? 0} added, ${run?.skipped ?? 0} unchanged)`,
    );
  }

  const [alex] = await server.handle.db
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(eq(schema.users.email, DEMO_EMAILS.alex));
  const apiKey = await ensureDashboardApiKey(resolve(DATA_DIR, "dashboard-api-key"), server.url, server.handle.db, {
    householdId: demo.householdId,
    userId: alex!.id,
  });
  console.log("Dashboard: building the charts' data from the API…");
  const buildMs = await buildDashboard(
    {
      TANDEM_API_URL: server.url,
      TANDEM_API_KEY: apiKey,
      DASHBOARD_SEAL_KEY: env.DASHBOARD_SEAL_KEY!,
      // The Banks page links through the emulator's stand-in for Plaid Link.
      ...(emulator ? { TANDEM_PLAID_LINK_SCRIPT: `${emulator.url}/link/link-initialize.js` } : {}),
    },
    { quiet: true },
  );
  const dashboard = await serveDashboard(DASHBOARD_DIST, Number(dashboardPort));
  console.log(`Dashboard: ${dashboard.url} (built in ${(buildMs / 1000).toFixed(1)} s)`);

  const stop = async () => {
    await dashboard.close();
    await server.close();
    await emulator?.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error) => {
  const known = error instanceof ConfigError || error instanceof PortInUseError || error instanceof DashboardBuildError;
  console.error(known ? error.message : error);
  process.exit(1);
});
