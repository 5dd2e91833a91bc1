/**
 * The read-only API key the local dashboard build uses. API keys are shown only once, so
 * the runner keeps its key beside the local database and makes a new one only when the
 * kept one no longer works (a fresh database, or the key was revoked).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createApiKey, type Database } from "@tandem/api";

async function works(apiUrl: string, key: string): Promise<boolean> {
  const response = await fetch(`${apiUrl}/household`, { headers: { authorization: `Bearer ${key}` } });
  await response.body?.cancel();
  return response.ok;
}

export async function ensureDashboardApiKey(
  path: string,
  apiUrl: string,
  db: Database,
  owner: { householdId: string; userId: string },
): Promise<string> {
  const kept = existsSync(path) ? readFileSync(path, "utf8").trim() : "";
  if (kept && (await works(apiUrl, kept))) return kept;
  const { key } = await createApiKey(db, owner.householdId, owner.userId, "Local dashboard build");
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  return key;
}
