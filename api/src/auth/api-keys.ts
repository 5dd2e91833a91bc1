import type { ApiKey } from "@tandem/shared";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiKeys } from "../db/schema";
import { notFound } from "../lib/problem";
import { newOpaqueToken, sha256Hex } from "./secrets";

export const API_KEY_PREFIX = "tdm_ro_";
type ApiKeyRow = typeof apiKeys.$inferSelect;

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: "read",
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function createApiKey(db: Database, householdId: string, createdBy: string, name: string) {
  const key = newOpaqueToken(API_KEY_PREFIX);
  const [row] = await db
    .insert(apiKeys)
    .values({ householdId, createdBy, name, prefix: key.slice(0, API_KEY_PREFIX.length + 6), keyHash: sha256Hex(key) })
    .returning();
  return { ...toApiKey(row!), key };
}

export async function listApiKeys(db: Database, householdId: string): Promise<ApiKey[]> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.householdId, householdId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(toApiKey);
}

export async function revokeApiKey(db: Database, householdId: string, id: string, now: Date): Promise<void> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.householdId, householdId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (row) return;
  const [existing] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.householdId, householdId)));
  if (!existing) throw notFound("API key"); // revoking twice is a no-op, not an error
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** Resolves a presented key; `last_used_at` is written at most once a minute to keep reads cheap. */
export async function resolveApiKey(db: Database, presented: string, now: Date) {
  const [row] = await db
    .select({ id: apiKeys.id, householdId: apiKeys.householdId, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sha256Hex(presented)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, stale))));
  }
  return { apiKeyId: row.id, householdId: row.householdId };
}
