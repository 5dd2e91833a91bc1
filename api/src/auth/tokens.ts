import { createHash, randomBytes } from "node:crypto";
import { errors, jwtVerify, SignJWT } from "jose";

export interface AccessClaims {
  userId: string;
  householdId: string;
  /** The refresh-token family this access token was issued under: one sign-in. */
  sessionId: string;
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
    async issueAccess({ userId, householdId, sessionId }, now) {
      const issuedAt = Math.floor(now.getTime() / 1000);
      const expiresAt = new Date((issuedAt + ttlSeconds) * 1000);
      const token = await new SignJWT({ hid: householdId, sid: sessionId })
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
        const { sub, hid, sid } = payload;
        if (typeof sub !== "string" || typeof hid !== "string" || typeof sid !== "string") return null;
        return { userId: sub, householdId: hid, sessionId: sid };
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
