import { parseSealMasterKey } from "@tandem/shared";
import { z } from "zod";

const OriginList = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const origins = value
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean);
    for (const origin of origins) {
      const parsed = URL.canParse(origin) ? new URL(origin) : null;
      if (!parsed || parsed.origin !== origin) {
        ctx.addIssue({ code: "custom", message: `"${origin}" is not an origin like https://dash.example.com` });
      }
    }
    return origins;
  });

/**
 * 32 random bytes, base64 (`openssl rand -base64 32`); the dashboard build holds the same
 * value. Kept as the text (the local runner hands it on to the build); buildDeps turns it
 * into bytes once.
 */
const SealMasterKey = z
  .string()
  .refine((value) => {
    try {
      parseSealMasterKey(value);
      return true;
    } catch {
      return false;
    }
  }, "must be 32 bytes, base64-encoded (openssl rand -base64 32)")
  .optional();

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    API_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    PORT: z.coerce.number().int().min(0).max(65535).optional(),
    DATABASE_URL: z.url().optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    /** How long opening a database connection may take before startup (or a query) fails. */
    DATABASE_CONNECT_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
    /** Idle pool connections are closed after this long (Render's Postgres counts connections). */
    DATABASE_IDLE_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /**
     * How many proxies in front of the API append to X-Forwarded-For (Render: 2, its edge
     * network and then its load balancer). The client's address is that many entries from
     * the right; entries further left are the client's to forge. 0 trusts only the socket.
     */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
    /**
     * Multiplies every rate limit (api/src/lib/rate-limits.ts). 1 in production; test stacks
     * that sign in dozens of times a minute from one address raise it.
     */
    RATE_LIMIT_SCALE: z.coerce.number().int().min(1).max(10_000).default(1),
    /** On SIGTERM: how long in-flight requests and a running sync get before the process exits anyway. */
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(25),
    PGLITE_DIR: z.string().min(1).default(".data/pglite"),
    JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    INVITE_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(72),
    DASHBOARD_ORIGIN: OriginList,
    /** Master key of the dashboard's sealed data; GET /dashboard/key answers 503 without it. */
    DASHBOARD_SEAL_KEY: SealMasterKey,
    /** The static host's deploy hook (Render: the dashboard's Deploy Hook); called after data changes. */
    DASHBOARD_DEPLOY_HOOK_URL: z.url().optional(),
    /** At most one rebuild per this many minutes; a burst of changes makes one. */
    DASHBOARD_REBUILD_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1_440).default(10),
    PUBLIC_API_URL: z.url().optional(),
    /** Set by Render on web services; the public URL when PUBLIC_API_URL is not given. */
    RENDER_EXTERNAL_URL: z.url().optional(),
    /** Comma-separated: the first key encrypts, all decrypt (rotation). */
    APP_SECRET_KEY: z
      .string()
      .optional()
      .transform((value) =>
        (value ?? "")
          .split(",")
          .map((k) => k.trim())
          .filter(Boolean),
      )
      .refine((keys) => keys.every((k) => k.length >= 32), "every key must be at least 32 characters"),
    PLAID_CLIENT_ID: z.string().min(1).optional(),
    PLAID_SECRET: z.string().min(1).optional(),
    PLAID_ENV: z.enum(["sandbox", "production"]).default("sandbox"),
    /** Any Plaid-compatible server (the local emulator, a test double); overrides PLAID_ENV's host. */
    PLAID_BASE_URL: z.url().optional(),
    PLAID_WEBHOOK_URL: z.url().optional(),
    /**
     * Where Plaid sends the member back after an OAuth bank's own login (the dashboard's
     * Banks page); registered under "Allowed redirect URIs" in Plaid's dashboard.
     */
    PLAID_REDIRECT_URI: z.url().optional(),
    PLAID_COUNTRY_CODES: z.string().default("US"),
    PLAID_SYNC_INTERVAL_MINUTES: z.coerce.number().int().min(0).max(10_080).default(360),
    PLAID_MANUAL_SYNC_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3_600).default(30),
    /** Where POST /rates/refresh fetches exchange rates; "none" (default) keeps the API offline. */
    RATES_PROVIDER: z.enum(["none", "frankfurter"]).default("none"),
    RATES_PROVIDER_URL: z.url().default("https://api.frankfurter.dev/v1"),
  })
  .refine((env) => env.NODE_ENV !== "production" || env.JWT_SECRET, {
    message: "JWT_SECRET is required in production",
    path: ["JWT_SECRET"],
  })
  .refine((env) => !(env.PLAID_CLIENT_ID || env.PLAID_SECRET) || (env.PLAID_CLIENT_ID && env.PLAID_SECRET), {
    message: "PLAID_CLIENT_ID and PLAID_SECRET are set together",
    path: ["PLAID_SECRET"],
  })
  .refine((env) => !env.PLAID_CLIENT_ID || env.APP_SECRET_KEY.length > 0, {
    message: "APP_SECRET_KEY is required to store Plaid access tokens",
    path: ["APP_SECRET_KEY"],
  })
  .refine((env) => env.NODE_ENV !== "production" || env.DATABASE_URL, {
    message: "DATABASE_URL is required in production",
    path: ["DATABASE_URL"],
  })
  // Without these the dashboard can neither call the API (CORS) nor unseal its data.
  .refine((env) => env.NODE_ENV !== "production" || env.DASHBOARD_ORIGIN.length > 0, {
    message: "DASHBOARD_ORIGIN is required in production (the dashboard's https:// origin)",
    path: ["DASHBOARD_ORIGIN"],
  })
  .refine((env) => env.NODE_ENV !== "production" || env.DASHBOARD_SEAL_KEY, {
    message: "DASHBOARD_SEAL_KEY is required in production (shared with the dashboard's build)",
    path: ["DASHBOARD_SEAL_KEY"],
  });

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {}

/** Parses the environment once; a bad value is reported by name, never echoed (it may be a secret). */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set", as a shell or a dashboard form would intend.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = EnvSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "(env)"}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}

export function listenPort(env: Env): number {
  return env.API_PORT ?? env.PORT ?? 3000;
}
