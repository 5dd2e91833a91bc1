import { createKeyRing } from "../crypto/fernet";
import { openDatabase } from "../db/client";
import { ConfigError, loadEnv } from "../env";
import { rotateAccessTokens } from "./rotate-keys";

try {
  const env = loadEnv();
  if (env.APP_SECRET_KEY.length === 0) throw new ConfigError("APP_SECRET_KEY is not set: nothing to rotate with");
  const handle = await openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { pgliteDir: env.PGLITE_DIR });
  const { rotated, current } = await rotateAccessTokens(handle.db, createKeyRing(env.APP_SECRET_KEY));
  console.log(`Re-encrypted ${rotated} Plaid access token(s) under the newest key; ${current} already were.`);
  await handle.close();
} catch (error) {
  // Messages only: a decryption failure must not print the token it failed on.
  console.error(error instanceof ConfigError ? error.message : `Rotation failed: ${(error as Error).message}`);
  process.exit(1);
}
