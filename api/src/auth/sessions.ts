import { randomUUID } from "node:crypto";
import type { Session } from "@tandem/shared";
import { and, eq, isNull } from "drizzle-orm";
import type { Executor } from "../db/client";
import { refreshTokens, users } from "../db/schema";
import { ApiError } from "../lib/problem";
import type { AppDeps } from "../lib/types";
import { toMember } from "./members";
import { newOpaqueToken, sha256Hex } from "./secrets";

const DAY_MS = 86_400_000;
type User = typeof users.$inferSelect;

/** Starts a new refresh family (login, register, join) or continues one (refresh). */
export async function issueSession(
  deps: AppDeps,
  db: Executor,
  user: User,
  familyId: string = randomUUID(),
): Promise<Session> {
  const now = deps.now();
  const refreshToken = newOpaqueToken("tdm_rt_");
  const refreshTokenExpiresAt = new Date(now.getTime() + deps.config.refreshTokenTtlDays * DAY_MS);
  await db.insert(refreshTokens).values({
    householdId: user.householdId,
    userId: user.id,
    familyId,
    tokenHash: sha256Hex(refreshToken),
    expiresAt: refreshTokenExpiresAt,
  });
  const access = await deps.tokens.issueAccess(
    { userId: user.id, householdId: user.householdId, sessionId: familyId },
    now,
  );
  return {
    tokenType: "Bearer",
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken,
    refreshTokenExpiresAt: refreshTokenExpiresAt.toISOString(),
    member: toMember(user),
  };
}

const invalidRefresh = () => new ApiError(401, "invalid_refresh_token", "The refresh token is invalid or expired");

/**
 * Rotation with reuse detection: a spent token presented again means it leaked, so
 * the whole family (every token descended from that login) is revoked.
 */
export async function rotateRefreshToken(deps: AppDeps, presented: string): Promise<Session> {
  const now = deps.now();
  const tokenHash = sha256Hex(presented);
  const outcome = await deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).for("update");
    if (!row || row.revokedAt || row.expiresAt <= now) return { kind: "invalid" as const };
    if (row.spentAt) {
      await revokeFamily(tx, row.familyId, now);
      return { kind: "reused" as const };
    }
    await tx.update(refreshTokens).set({ spentAt: now }).where(eq(refreshTokens.id, row.id));
    const [user] = await tx.select().from(users).where(eq(users.id, row.userId));
    if (!user) return { kind: "invalid" as const };
    return { kind: "ok" as const, session: await issueSession(deps, tx, user, row.familyId) };
  });
  if (outcome.kind === "ok") return outcome.session;
  if (outcome.kind === "reused") {
    throw new ApiError(
      401,
      "refresh_token_reused",
      "This refresh token was already used; every session from that login is now signed out",
    );
  }
  throw invalidRefresh();
}

export async function logout(deps: AppDeps, presented: string): Promise<void> {
  const [row] = await deps.db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, sha256Hex(presented)));
  if (row) await revokeFamily(deps.db, row.familyId, deps.now());
}

async function revokeFamily(db: Executor, familyId: string, now: Date) {
  await db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}
