import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface LocalSecrets {
  JWT_SECRET: string;
}

/**
 * Secrets for local runs, made once and kept beside the local database (never in the
 * repo) so sessions survive a restart of `npm start`.
 */
export function loadLocalSecrets(path: string): LocalSecrets {
  if (existsSync(path)) return JSON.parse(readFileSync(path, "utf8")) as LocalSecrets;
  const secrets: LocalSecrets = { JWT_SECRET: randomBytes(32).toString("base64url") };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
