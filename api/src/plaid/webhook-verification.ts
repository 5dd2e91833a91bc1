import { createHash, timingSafeEqual } from "node:crypto";
import { decodeProtectedHeader, importJWK, type JWK, jwtVerify } from "jose";
import type { PlaidApi } from "plaid";
import { describePlaidError } from "./client";

/** Plaid's documented limit: a webhook's JWT must be at most five minutes old. */
const MAX_AGE_SECONDS = 5 * 60;
// iat is in whole seconds from Plaid's clock; one a little ahead of ours must not refuse real webhooks.
const MAX_CLOCK_SKEW_SECONDS = 60;
// Cached keys are looked at again now and then, so an expiry Plaid announces is noticed.
const KEY_REFRESH_MS = 6 * 60 * 60 * 1000;

interface PlaidJwk extends JWK {
  expired_at?: number | null;
}

export interface VerificationKeyCache {
  get(kid: string): Promise<PlaidJwk | null>;
}

/** Keys by kid from /webhook_verification_key/get; an unknown kid is always refetched. */
export function createVerificationKeyCache(client: PlaidApi, now: () => Date): VerificationKeyCache {
  // No negative cache: Plaid may start signing with a new kid at any moment, and a
  // remembered "unknown" would refuse its genuine webhooks. Forged floods are for the
  // webhook route's rate limit to stop.
  const cache = new Map<string, { key: PlaidJwk; fetchedAt: number }>();
  return {
    async get(kid) {
      const cached = cache.get(kid);
      if (cached && now().getTime() - cached.fetchedAt < KEY_REFRESH_MS) return cached.key;
      try {
        const { data } = await client.webhookVerificationKeyGet({ key_id: kid });
        const key = data.key as unknown as PlaidJwk;
        cache.set(kid, { key, fetchedAt: now().getTime() });
        return key;
      } catch (error) {
        // An unknown kid is a forgery's hallmark; the reason stays a code, never the SDK error.
        if (describePlaidError(error).status === null && cached) return cached.key;
        return null;
      }
    },
  };
}

export type Verification =
  | { ok: true }
  | {
      ok: false;
      reason:
        | "missing_header"
        | "malformed_token"
        | "wrong_algorithm"
        | "unknown_key"
        | "expired_key"
        | "bad_signature"
        | "stale"
        | "body_mismatch";
    };

const sha256Hex = (body: string | Uint8Array) => createHash("sha256").update(body).digest("hex");

/**
 * Plaid's webhook verification, step by step as documented: ES256 only (never "none"
 * or an HMAC that a forger could sign with the public key), the key by kid, iat no
 * older than five minutes, and the SHA-256 of the exact raw body compared in constant time.
 */
export async function verifyPlaidWebhook(
  header: string | undefined,
  rawBody: string | Uint8Array,
  keys: VerificationKeyCache,
  now: Date,
): Promise<Verification> {
  if (!header) return { ok: false, reason: "missing_header" };
  let protectedHeader: ReturnType<typeof decodeProtectedHeader>;
  try {
    protectedHeader = decodeProtectedHeader(header);
  } catch {
    return { ok: false, reason: "malformed_token" };
  }
  if (protectedHeader.alg !== "ES256") return { ok: false, reason: "wrong_algorithm" };
  if (typeof protectedHeader.kid !== "string" || protectedHeader.kid.length === 0)
    return { ok: false, reason: "unknown_key" };

  const jwk = await keys.get(protectedHeader.kid);
  if (!jwk) return { ok: false, reason: "unknown_key" };
  if (jwk.expired_at !== null && jwk.expired_at !== undefined) return { ok: false, reason: "expired_key" };

  let claims: Record<string, unknown>;
  try {
    const { expired_at: _expired, created_at: _created, ...publicJwk } = jwk as PlaidJwk & { created_at?: unknown };
    const key = await importJWK({ ...publicJwk, alg: "ES256" }, "ES256");
    const verified = await jwtVerify(header, key, { algorithms: ["ES256"], currentDate: now });
    claims = verified.payload;
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    return {
      ok: false,
      reason: code.startsWith("ERR_JWT_CLAIM") || code === "ERR_JWT_EXPIRED" ? "stale" : "bad_signature",
    };
  }
  const age = Math.floor(now.getTime() / 1000) - (claims.iat as number);
  if (typeof claims.iat !== "number" || !(age <= MAX_AGE_SECONDS && age >= -MAX_CLOCK_SKEW_SECONDS))
    return { ok: false, reason: "stale" };

  const claimed = claims.request_body_sha256;
  const actual = sha256Hex(rawBody);
  if (typeof claimed !== "string" || claimed.length !== actual.length) return { ok: false, reason: "body_mismatch" };
  if (!timingSafeEqual(Buffer.from(claimed), Buffer.from(actual))) return { ok: false, reason: "body_mismatch" };
  return { ok: true };
}
