import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface LocalSecrets {
  JWT_SECRET: string;
  APP_SECRET_KEY: string;
  /** Shared by the API and the dashboard build: standard base64, as the seal key parser reads it. */
  DASHBOARD_SEAL_KEY: string;
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
    DASHBOARD_SEAL_KEY: stored.DASHBOARD_SEAL_KEY ?? randomBytes(32).toString("base64"),
  };
  if (Object.entries(secrets).some(([name, value]) => stored[name as keyof LocalSecrets] !== value)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return secrets;
}
