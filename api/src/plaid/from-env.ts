import { createKeyRing } from "../crypto/fernet";
import type { Database } from "../db/client";
import type { Env } from "../env";
import { createPlaidClient } from "./client";
import { createPlaidService, type PlaidService } from "./service";

/** Plaid is on when credentials are configured; otherwise bank routes answer 503. */
export function plaidServiceFromEnv(
  env: Env,
  db: Database,
  now: () => Date,
  onDataChanged?: (householdId: string) => void,
): PlaidService | null {
  if (!env.PLAID_CLIENT_ID || !env.PLAID_SECRET) return null;
  const publicUrl = env.PUBLIC_API_URL ?? env.RENDER_EXTERNAL_URL;
  const webhookUrl = env.PLAID_WEBHOOK_URL ?? (publicUrl ? `${publicUrl.replace(/\/+$/, "")}/plaid/webhook` : null);
  return createPlaidService({
    db,
    now,
    ...(onDataChanged ? { onDataChanged } : {}),
    client: createPlaidClient({
      clientId: env.PLAID_CLIENT_ID,
      secret: env.PLAID_SECRET,
      env: env.PLAID_ENV,
      baseUrl: env.PLAID_BASE_URL,
    }),
    keyRing: createKeyRing(env.APP_SECRET_KEY),
    settings: {
      webhookUrl,
      redirectUri: env.PLAID_REDIRECT_URI ?? null,
      countryCodes: env.PLAID_COUNTRY_CODES.split(",")
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean),
      manualSyncCooldownSeconds: env.PLAID_MANUAL_SYNC_COOLDOWN_SECONDS,
    },
  });
}
