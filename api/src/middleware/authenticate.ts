import { and, eq, sql } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { API_KEY_PREFIX, resolveApiKey } from "../auth/api-keys";
import type { Database } from "../db/client";
import { users } from "../db/schema";
import { ApiError, unauthorized } from "../lib/problem";
import type { AppEnv } from "../lib/types";

const READ_METHODS = new Set(["GET", "HEAD"]);

/** Built once per database: every member's request asks it, and building the query cost more than running it. */
const memberChecks = new WeakMap<Database, ReturnType<typeof prepareMemberCheck>>();

function prepareMemberCheck(db: Database) {
  return db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, sql.placeholder("userId")), eq(users.householdId, sql.placeholder("householdId"))))
    .prepare("member_exists");
}

function memberCheck(db: Database) {
  let check = memberChecks.get(db);
  if (!check) {
    check = prepareMemberCheck(db);
    memberChecks.set(db, check);
  }
  return check;
}

export interface AuthenticateOptions {
  /** Whether a read-only API key may call these routes at all (member-management routes say no). */
  allowApiKeys?: boolean;
}

/**
 * Resolves the bearer credential to a principal. A member's token is checked against
 * the users table too, so removing a member locks them out at once, not at expiry.
 */
export function authenticate({ allowApiKeys = true }: AuthenticateOptions = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { db, tokens, now } = c.var.deps;
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthorized();
    const credential = match[1]!;

    if (credential.startsWith(API_KEY_PREFIX)) {
      const key = await resolveApiKey(db, credential, now());
      if (!key) throw unauthorized("The API key is invalid or revoked");
      if (!allowApiKeys)
        throw new ApiError(403, "member_required", "API keys cannot use this endpoint; sign in as a member");
      if (!READ_METHODS.has(c.req.method)) throw new ApiError(403, "read_only_key", "This API key is read-only");
      c.set("principal", { kind: "apiKey", ...key });
      return next();
    }

    const claims = await tokens.verifyAccess(credential, now());
    if (!claims) throw unauthorized("The access token is invalid or expired");
    const [member] = await memberCheck(db).execute({ userId: claims.userId, householdId: claims.householdId });
    if (!member) throw unauthorized("This member no longer exists");
    c.set("principal", { kind: "member", ...claims });
    return next();
  });
}

/** The member behind a member-only route; authenticate({ allowApiKeys: false }) guarantees it. */
export function memberOf(principal: AppEnv["Variables"]["principal"]) {
  if (principal.kind !== "member") throw new ApiError(403, "member_required", "Sign in as a member");
  return principal;
}
