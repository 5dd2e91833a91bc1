/**
 * `npm start`: the API on embedded PGlite (or DATABASE_URL), migrated, with the demo
 * household seeded, so a newcomer can sign in without setting anything up.
 */
import { resolve } from "node:path";
import { ConfigError, loadEnv, PortInUseError, startServer } from "@tandem/api";
import { DEMO_PASSWORD, seedDemoHousehold } from "./demo/seed";
import { loadLocalSecrets } from "./local-secrets";

const ROOT = resolve(import.meta.dirname, "../..");
const DATA_DIR = resolve(ROOT, ".data");

async function main() {
  const secrets = loadLocalSecrets(resolve(DATA_DIR, "local-secrets.json"));
  const dashboardPort = process.env.DASHBOARD_PORT ?? "3001";
  const env = loadEnv({
    PGLITE_DIR: resolve(DATA_DIR, "pglite"),
    DASHBOARD_ORIGIN: `http://localhost:${dashboardPort}`,
    ...secrets,
    ...process.env,
    API_PORT: process.env.API_PORT ?? "3000",
  });
  const server = await startServer(env);
  const demo = await seedDemoHousehold(server.handle.db);

  console.log(`API: ${server.url}`);
  console.log(`API docs: ${server.url}/docs`);
  console.log(`Demo login: ${demo.logins.map((l) => l.email).join(" or ")} / password ${DEMO_PASSWORD}`);
  console.log(`Database: ${env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${env.PGLITE_DIR}`}`);

  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error) => {
  const known = error instanceof ConfigError || error instanceof PortInUseError;
  console.error(known ? error.message : error);
  process.exit(1);
});
