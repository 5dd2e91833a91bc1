import type { RequestIdVariables } from "hono/request-id";
import type { TokenIssuer } from "../auth/tokens";
import type { RateProvider } from "../currency/provider";
import type { RebuildHook } from "../dashboard/rebuild-hook";
import type { Database, DatabaseHandle, Driver } from "../db/client";
import type { PlaidService } from "../plaid/service";

export interface AppConfig {
  dashboardOrigins: string[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  inviteTtlHours: number;
  version: string;
  /** Proxies that append to X-Forwarded-For in front of the API (TRUSTED_PROXY_HOPS). */
  trustedProxyHops: number;
  /**
   * Multiplies every limit in lib/rate-limits.ts (default 1, the production table). Test
   * stacks that sign in far more often than a person would raise it.
   */
  rateLimitScale?: number;
  /** DASHBOARD_SEAL_KEY's 32 bytes; null when not configured (GET /dashboard/key answers 503). */
  dashboardSealKey: Uint8Array<ArrayBuffer> | null;
}

/** Everything a request needs, injected so tests build the app on their own database. */
export interface AppDeps {
  db: Database;
  database: Pick<DatabaseHandle, "migrationStatus"> & { driver: Driver };
  tokens: TokenIssuer;
  config: AppConfig;
  /** Null when no Plaid credentials (or emulator) are configured: bank routes answer 503. */
  plaid: PlaidService | null;
  /** Absent or null unless RATES_PROVIDER is set: POST /rates/refresh answers 503. */
  rateProvider?: RateProvider | null;
  /** Absent or null without DASHBOARD_DEPLOY_HOOK_URL: changes rebuild nothing. */
  rebuildHook?: RebuildHook | null;
  now: () => Date;
}

export type Principal =
  | { kind: "member"; householdId: string; userId: string; sessionId: string }
  | { kind: "apiKey"; householdId: string; apiKeyId: string };

export interface AppEnv {
  Variables: RequestIdVariables & { deps: AppDeps; principal: Principal };
}
