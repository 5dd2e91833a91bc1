import { ConfigError, loadEnv } from "../env";
import { openDatabase } from "./client";

try {
  const env = loadEnv();
  const handle = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { pgliteDir: env.PGLITE_DIR });
  await handle.migrate();
  const { applied, expected } = await handle.migrationStatus();
  console.log(`Migrations applied: ${applied}/${expected} (${handle.driver})`);
  await handle.close();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Migration failed: ${(error as Error).message}`);
  process.exit(1);
}
