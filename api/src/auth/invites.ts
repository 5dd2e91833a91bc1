import { and, count, eq, isNull } from "drizzle-orm";
import { invites, users } from "../db/schema";
import { ApiError } from "../lib/problem";
import type { AppDeps } from "../lib/types";
import { MAX_MEMBERS } from "./members";
import { newOpaqueToken, sha256Hex } from "./secrets";

const HOUR_MS = 3_600_000;

/** One outstanding invite at a time: a new one replaces any earlier unused invite. */
export async function createInvite(deps: AppDeps, householdId: string, createdBy: string) {
  const now = deps.now();
  const inviteToken = newOpaqueToken("tdm_inv_");
  const expiresAt = new Date(now.getTime() + deps.config.inviteTtlHours * HOUR_MS);
  await deps.db.transaction(async (tx) => {
    const [{ members } = { members: 0 }] = await tx
      .select({ members: count() })
      .from(users)
      .where(eq(users.householdId, householdId));
    if (members >= MAX_MEMBERS) throw new ApiError(409, "household_full", "This household already has two members");
    await tx
      .update(invites)
      .set({ revokedAt: now })
      .where(and(eq(invites.householdId, householdId), isNull(invites.usedAt), isNull(invites.revokedAt)));
    await tx.insert(invites).values({ householdId, createdBy, tokenHash: sha256Hex(inviteToken), expiresAt });
  });
  return { inviteToken, expiresAt: expiresAt.toISOString() };
}
