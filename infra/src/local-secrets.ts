import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface LocalSecrets {
  JWT_SECRET: string;
  APP_SECRET_KEY: string;
}

const fresh = () => randomBytes(32).toString("base64url");

/**
 * Secrets for local runs, made once and kept beside the local database (never in the
 * repo) so sessions and stored bank tokens survive a restart of `npm start`.
 */
export function loadLocalSecrets(path: string): LocalSecrets {
  const stored: Partial<LocalSecrets> = existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
  const secrets: LocalSecrets = {
    JWT_SECRET: stored.JWT_SECRET ?? fresh(),
    APP_SECRET_KEY: stored.APP_SECRET_KEY ?? fresh(),
  };
  if (stored.JWT_SECRET !== secrets.JWT_SECRET || stored.APP_SECRET_KEY !== secrets.APP_SECRET_KEY) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}
