import { createHash, randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";

export interface AccessClaims {
  userId: string;
  householdId: string;
}

export interface TokenIssuer {
  issueAccess(claims: AccessClaims, now: Date): Promise<{ token: string; expiresAt: Date }>;
  verifyAccess(token: string, now: Date): Promise<AccessClaims | null>;
}

const ISSUER = "tandem-api";
const AUDIENCE = "tandem";

/**
 * Short-lived HS256 access tokens. The key is derived from the configured secret so
 * the raw secret is never used directly as key material.
 */
export function createTokenIssuer(secret: string, ttlSeconds: number): TokenIssuer {
  const key = createHash("sha256").update(`tandem-access-token:${secret}`).digest();
  return {
    async issueAccess({ userId, householdId }, now) {
      const issuedAt = Math.floor(now.getTime() / 1000);
      const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
      const token = await new SignJWT({ hid: householdId })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .setJti(randomBytes(9).toString("base64url"))
        .sign(key);
      return { token, expiresAt };
    },
    async verifyAccess(token, now) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ["HS256"],
          issuer: ISSUER,
          audience: AUDIENCE,
          currentDate: now,
        });
        if (typeof payload.sub !== "string" || typeof payload.hid !== "string") return null;
        return { userId: payload.sub, householdId: payload.hid };
      } catch (error) {
        if (error instanceof errors.JOSEError) return null;
        throw error;
      }
    },
  };
}

export function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}
