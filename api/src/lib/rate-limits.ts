import type { OpenAPIHono } from "@hono/zod-openapi";
import { ProblemSchema } from "@tandem/shared";
import { eq } from "drizzle-orm";
import type { Context, MiddlewareHandler } from "hono";
import { API_KEY_PREFIX } from "../auth/api-keys";
import { sha256Hex } from "../auth/secrets";
import { refreshTokens } from "../db/schema";
import { type RateLimitRule, RateLimitStore, rateLimit } from "../middleware/rate-limit";
import { clientIp } from "./client-ip";
import { log } from "./log";
import { problem } from "./problem";
import type { AppEnv } from "./types";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type AccountKey = (c: Context<AppEnv>) => Promise<string | null>;

interface Limit {
  limit: number;
  windowMs: number;
}

interface LimitedRoute {
  id: string;
  /** Every limited route is a POST under this path. */
  path: string;
  /** What is counted, for the 429 message: "Too many <what> …". */
  what: string;
  perIp: Limit;
  /** Absent where no account is known before the handler runs. */
  perAccount?: Limit & { key: AccountKey; scope: string };
}

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * A string field of the JSON body, read before the route's validator. Hono caches the
 * body, so the validator still sees it, and a malformed body still gets its 400 there.
 */
async function bodyField(c: Context<AppEnv>, field: string): Promise<string | null> {
  const mediaType = (c.req.header("content-type") ?? "").split(";")[0]!.trim();
  if (!JSON_MEDIA_TYPE.test(mediaType)) return null;
  try {
    const body: unknown = await c.req.json();
    const value = body !== null && typeof body === "object" ? (body as Record<string, unknown>)[field] : undefined;
    return typeof value === "string" ? value : null;
  } catch {
    return null;
  }
}

/** Trimmed and lower-cased like the contract's Email (which lower-cases), so case never buys more tries. */
const emailInBody: AccountKey = async (c) => {
  const email = (await bodyField(c, "email"))?.trim().toLowerCase();
  return email && email.length <= 254 ? email : null;
};

/** Keys hold hashes, never the token itself. */
const inviteInBody: AccountKey = async (c) => {
  const token = await bodyField(c, "inviteToken");
  return token ? sha256Hex(token) : null;
};

/** The sign-in (refresh family) the token belongs to, since each refresh hands out a new token. */
const sessionOfRefreshToken: AccountKey = async (c) => {
  const token = await bodyField(c, "refreshToken");
  if (!token) return null;
  const tokenHash = sha256Hex(token);
  const [row] = await c.var.deps.db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, tokenHash));
  return row?.familyId ?? tokenHash;
};

/**
 * The household of a member's access token. Authentication runs later, inside the
 * route's router; checking the signature here (no database) is enough to key on, and
 * a token that fails it gets its 401 there. API keys are read-only, refused by these routes.
 */
const householdOfBearer: AccountKey = async (c) => {
  const credential = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
  if (!credential || credential.startsWith(API_KEY_PREFIX)) return null;
  const { tokens, now } = c.var.deps;
  return (await tokens.verifyAccess(credential, now()))?.householdId ?? null;
};

/**
 * Every rate limit of the API, in one place. Limits live in this process's memory, so
 * they are per instance: right for the Blueprint's single API instance; more instances
 * would each allow the full limit. Behind a proxy, set TRUSTED_PROXY_HOPS or every
 * client shares the proxy's address.
 */
export const RATE_LIMITED_ROUTES: readonly LimitedRoute[] = [
  {
    id: "login",
    path: "/auth/login",
    what: "sign-in attempts",
    perIp: { limit: 30, windowMs: 15 * MINUTE },
    perAccount: { limit: 10, windowMs: 15 * MINUTE, key: emailInBody, scope: "email" },
  },
  {
    id: "register",
    path: "/auth/register",
    what: "sign-ups",
    perIp: { limit: 5, windowMs: HOUR },
    perAccount: { limit: 5, windowMs: HOUR, key: emailInBody, scope: "email" },
  },
  {
    id: "join",
    path: "/auth/join",
    what: "attempts to join",
    perIp: { limit: 10, windowMs: HOUR },
    perAccount: { limit: 10, windowMs: HOUR, key: inviteInBody, scope: "invite" },
  },
  {
    id: "refresh",
    path: "/auth/refresh",
    what: "token refreshes",
    perIp: { limit: 120, windowMs: 15 * MINUTE },
    perAccount: { limit: 60, windowMs: 15 * MINUTE, key: sessionOfRefreshToken, scope: "session" },
  },
  {
    id: "invite",
    path: "/invites",
    what: "invites",
    perIp: { limit: 30, windowMs: HOUR },
    perAccount: { limit: 20, windowMs: HOUR, key: householdOfBearer, scope: "household" },
  },
  {
    // On top of the per-bank cooldown in the handler.
    id: "sync",
    path: "/plaid/items/:id/sync",
    what: "manual syncs",
    perIp: { limit: 60, windowMs: HOUR },
    perAccount: { limit: 30, windowMs: HOUR, key: householdOfBearer, scope: "household" },
  },
  {
    // Per address only: the item a webhook names is trustworthy only after its
    // signature is verified, in the handler, and Plaid sends from a few addresses.
    id: "webhook",
    path: "/plaid/webhook",
    what: "webhooks",
    perIp: { limit: 300, windowMs: MINUTE },
  },
];

const byIp = (c: Context<AppEnv>) => clientIp(c, c.var.deps.config.trustedProxyHops);

function rulesOf(route: LimitedRoute, scale: number): RateLimitRule<AppEnv>[] {
  const ip = { name: `${route.id}:ip`, limit: route.perIp.limit * scale, windowMs: route.perIp.windowMs, key: byIp };
  const account = route.perAccount;
  if (!account) return [ip];
  return [
    ip,
    {
      name: `${route.id}:${account.scope}`,
      limit: account.limit * scale,
      windowMs: account.windowMs,
      key: account.key,
    },
  ];
}

function limiterFor(route: LimitedRoute, store: RateLimitStore, scale: number) {
  return rateLimit<AppEnv>({
    rules: rulesOf(route, scale),
    store,
    now: (c) => c.var.deps.now().getTime(),
    onLimited: (c, { rule, retryAfterSeconds }) => {
      const from = rule === `${route.id}:ip` ? "from this address" : `for this ${route.perAccount?.scope}`;
      log("warn", "rate limited", { requestId: c.get("requestId"), rule, retryAfterSeconds });
      return problem(
        c,
        429,
        "rate_limited",
        `Too many ${route.what} ${from}; try again in ${retryAfterSeconds} s (see Retry-After)`,
      );
    },
  });
}

/** Mounts the limits in front of their routes; one store per app, so each test app starts afresh. */
export function applyRateLimits(app: OpenAPIHono<AppEnv>): void {
  const store = new RateLimitStore();
  for (const route of RATE_LIMITED_ROUTES) {
    // The limits scale with the app's config, which the app only meets on a request; one app has one config.
    let limiter: MiddlewareHandler<AppEnv> | undefined;
    app.on("POST", route.path, (c, next) => {
      limiter ??= limiterFor(route, store, c.var.deps.config.rateLimitScale ?? 1);
      return limiter(c, next);
    });
  }
}

/** The 429 a rate-limited route declares in its contract. */
export function rateLimitedResponse(
  description = "Rate limited (code `rate_limited`); Retry-After says when to retry",
) {
  return {
    429: {
      content: { "application/problem+json": { schema: ProblemSchema } },
      description,
      headers: {
        "Retry-After": { description: "Whole seconds until a retry can succeed", schema: { type: "integer" as const } },
      },
    },
  };
}
