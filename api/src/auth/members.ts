import type { Household, Me, Member } from "@tandem/shared";
import { and, asc, count, eq, gt, isNull, ne } from "drizzle-orm";
import { type Executor, isUniqueViolation } from "../db/client";
import { accounts, apiKeys, households, invites, refreshTokens, users } from "../db/schema";
import { seedDefaultCategories } from "../ledger/categories";
import { ApiError, notFound } from "../lib/problem";
import type { AppDeps } from "../lib/types";
import { hashPassword, verifyDecoy, verifyPassword } from "./passwords";
import { sha256Hex } from "./secrets";

export const MAX_MEMBERS = 2;
type User = typeof users.$inferSelect;

export function toMember(user: User): Member {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    householdId: user.householdId,
    createdAt: user.createdAt.toISOString(),
  };
}

const emailTaken = () => new ApiError(409, "email_taken", "An account with this email already exists");

async function assertEmailFree(db: Executor, email: string, exceptUserId?: string) {
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing && existing.id !== exceptUserId) throw emailTaken();
}

export interface Registration {
  email: string;
  password: string;
  displayName: string;
  householdName: string;
  baseCurrency: string;
}

/** The first member creates the household, seeded with the default categories. */
export async function registerHousehold(deps: AppDeps, input: Registration): Promise<User> {
  await assertEmailFree(deps.db, input.email);
  const passwordHash = await hashPassword(input.password);
  return deps.db.transaction(async (tx) => {
    const [household] = await tx
      .insert(households)
      .values({ name: input.householdName, baseCurrency: input.baseCurrency })
      .returning();
    const [user] = await tx
      .insert(users)
      .values({ householdId: household!.id, email: input.email, displayName: input.displayName, passwordHash })
      .onConflictDoNothing()
      .returning();
    if (!user) throw emailTaken();
    await seedDefaultCategories(tx, household!.id);
    return user;
  });
}

export interface JoinInput {
  inviteToken: string;
  email: string;
  password: string;
  displayName: string;
}

/** The invite is spent and the member created in one transaction, so a token works once. */
export async function joinHousehold(deps: AppDeps, input: JoinInput): Promise<User> {
  await assertEmailFree(deps.db, input.email);
  const passwordHash = await hashPassword(input.password);
  const now = deps.now();
  return deps.db.transaction(async (tx) => {
    const [invite] = await tx
      .select()
      .from(invites)
      .where(
        and(
          eq(invites.tokenHash, sha256Hex(input.inviteToken)),
          isNull(invites.usedAt),
          isNull(invites.revokedAt),
          gt(invites.expiresAt, now),
        ),
      )
      .for("update");
    if (!invite) throw new ApiError(400, "invalid_invite", "This invite is invalid, expired or already used");
    // Locking the household row serialises concurrent joins against the two-member cap.
    await tx.select({ id: households.id }).from(households).where(eq(households.id, invite.householdId)).for("update");
    const [{ members } = { members: 0 }] = await tx
      .select({ members: count() })
      .from(users)
      .where(eq(users.householdId, invite.householdId));
    if (members >= MAX_MEMBERS) throw new ApiError(409, "household_full", "This household already has two members");
    const [user] = await tx
      .insert(users)
      .values({ householdId: invite.householdId, email: input.email, displayName: input.displayName, passwordHash })
      .onConflictDoNothing()
      .returning();
    if (!user) throw emailTaken();
    await tx.update(invites).set({ usedAt: now }).where(eq(invites.id, invite.id));
    return user;
  });
}

export async function authenticatePassword(deps: AppDeps, email: string, password: string): Promise<User> {
  const [user] = await deps.db.select().from(users).where(eq(users.email, email));
  const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyDecoy(password);
  if (!user || !ok) throw new ApiError(401, "invalid_credentials", "Email or password is incorrect");
  return user;
}

export async function findMember(db: Executor, userId: string, householdId: string): Promise<User> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.householdId, householdId)));
  if (!user) throw notFound("Member");
  return user;
}

/** The household and its members' names (not their logins), in the order they joined. */
export async function describeHousehold(db: Executor, householdId: string): Promise<Household> {
  const [household] = await db.select().from(households).where(eq(households.id, householdId));
  if (!household) throw notFound("Household");
  const members = await db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(eq(users.householdId, householdId))
    .orderBy(asc(users.createdAt), asc(users.id));
  return { id: household.id, name: household.name, baseCurrency: household.baseCurrency, members };
}

/** Renames the household or changes the currency reports convert into; nothing else moves. */
export async function updateHousehold(
  db: Executor,
  householdId: string,
  changes: { name?: string | undefined; baseCurrency?: string | undefined },
): Promise<Household> {
  const values: Partial<typeof households.$inferInsert> = {};
  if (changes.name !== undefined) values.name = changes.name;
  if (changes.baseCurrency !== undefined) values.baseCurrency = changes.baseCurrency;
  if (Object.keys(values).length > 0) {
    const updated = await db.update(households).set(values).where(eq(households.id, householdId)).returning();
    if (updated.length === 0) throw notFound("Household");
  }
  return describeHousehold(db, householdId);
}

export async function describeMe(db: Executor, user: User): Promise<Me> {
  return { member: toMember(user), household: await describeHousehold(db, user.householdId) };
}

export interface MeChanges {
  displayName?: string | undefined;
  email?: string | undefined;
  newPassword?: string | undefined;
  currentPassword?: string | undefined;
}

/** `sessionId` is the caller's own sign-in, which a password change keeps. */
export async function updateMe(deps: AppDeps, user: User, sessionId: string, changes: MeChanges): Promise<User> {
  if (changes.email || changes.newPassword) {
    if (!(await verifyPassword(user.passwordHash, changes.currentPassword ?? ""))) {
      throw new ApiError(403, "wrong_password", "The current password is incorrect");
    }
  }
  if (changes.email && changes.email !== user.email) await assertEmailFree(deps.db, changes.email, user.id);
  const values: Partial<typeof users.$inferInsert> = {};
  if (changes.displayName) values.displayName = changes.displayName;
  if (changes.email) values.email = changes.email;
  if (changes.newPassword) values.passwordHash = await hashPassword(changes.newPassword);
  if (Object.keys(values).length === 0) return user;
  const save = deps.db.transaction(async (tx) => {
    const [updated] = await tx.update(users).set(values).where(eq(users.id, user.id)).returning();
    if (changes.newPassword) {
      // A new password signs out every other session (a thief's included), not this one.
      await tx
        .update(refreshTokens)
        .set({ revokedAt: deps.now() })
        .where(
          and(
            eq(refreshTokens.userId, user.id),
            isNull(refreshTokens.revokedAt),
            ne(refreshTokens.familyId, sessionId),
          ),
        );
    }
    return updated ?? user;
  });
  return save.catch((error) => {
    throw isUniqueViolation(error) ? emailTaken() : error;
  });
}

/**
 * Leaving keeps the household's money history: the member's own accounts become shared.
 * The last member leaving deletes the household and everything in it.
 */
export async function deleteMe(deps: AppDeps, user: User, password: string): Promise<void> {
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new ApiError(403, "wrong_password", "The password is incorrect");
  }
  await deps.db.transaction(async (tx) => {
    const [{ members } = { members: 0 }] = await tx
      .select({ members: count() })
      .from(users)
      .where(eq(users.householdId, user.householdId));
    if (members <= 1) {
      await tx.delete(households).where(eq(households.id, user.householdId));
      return;
    }
    await tx
      .update(accounts)
      .set({ ownerId: null, updatedAt: deps.now() })
      .where(and(eq(accounts.householdId, user.householdId), eq(accounts.ownerId, user.id)));
    await tx
      .update(apiKeys)
      .set({ revokedAt: deps.now() })
      .where(and(eq(apiKeys.createdBy, user.id), isNull(apiKeys.revokedAt)));
    await tx.delete(users).where(eq(users.id, user.id));
  });
}
