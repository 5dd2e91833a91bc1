import { ConfigError, loadEnv } from "../env";
import { openDatabase } from "./client";
import { databaseTarget } from "./target";

try {
  const env = loadEnv();
  const handle = await openDatabase(databaseTarget(env));
  await handle.migrate();
  const { applied, expected } = await handle.migrationStatus();
  console.log(`Migrations applied: ${applied}/${expected} (${handle.driver})`);
  await handle.close();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Migration failed: ${(error as Error).message}`);
  process.exit(1);
}
