import { createHash, generateKeyPairSync, type KeyObject, randomUUID } from "node:crypto";
import { SignJWT } from "jose";

/**
 * Webhook signing as Plaid does it: each webhook carries a `Plaid-Verification` header, an
 * ES256 JWT whose header names the key (`kid`) and whose payload is
 * { iat, request_body_sha256: hex SHA-256 of the exact body bytes sent }. Receivers fetch
 * the public key with /webhook_verification_key/get; keys can be rotated and expired here
 * so a receiver's unknown-kid refetch and expired-key refusal can be exercised.
 */

export interface WebhookJwk {
  alg: "ES256";
  created_at: number;
  crv: "P-256";
  expired_at: number | null;
  kid: string;
  kty: "EC";
  use: "sig";
  x: string;
  y: string;
}

interface SigningKey {
  privateKey: KeyObject;
  jwk: WebhookJwk;
}

export interface SignOptions {
  /** Seconds since the epoch; defaults to the real clock, which is what receivers compare against. */
  iat?: number;
  /** Sign with this key instead of the newest (it must exist). */
  kid?: string;
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

export function sha256Hex(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex");
}

export class KeyRing {
  private readonly keys: SigningKey[] = [];

  /** Key generation is synchronous (node:crypto) so an emulator can be built without awaiting. */
  constructor() {
    this.rotate();
  }

  /**
   * Adds a new key and signs with it from now on. The previous keys stay retrievable (as
   * Plaid keeps them) and are expired only when asked, so both cases can be tested.
   */
  rotate(options: { expirePrevious?: boolean } = {}): { kid: string; previousKid: string | null } {
    const previous = this.keys.at(-1) ?? null;
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const exported = publicKey.export({ format: "jwk" });
    const key: SigningKey = {
      privateKey,
      jwk: {
        alg: "ES256",
        created_at: unixNow(),
        crv: "P-256",
        expired_at: null,
        kid: randomUUID(),
        kty: "EC",
        use: "sig",
        x: exported.x!,
        y: exported.y!,
      },
    };
    if (options.expirePrevious) for (const old of this.keys) old.jwk.expired_at ??= unixNow();
    this.keys.push(key);
    return { kid: key.jwk.kid, previousKid: previous?.jwk.kid ?? null };
  }

  /**
   * Marks a key expired. The newest key keeps signing even when expired, which is how a
   * test gets a webhook that verifies cryptographically but must be refused.
   */
  expire(kid: string, at: number = unixNow()): WebhookJwk | undefined {
    const key = this.keys.find((k) => k.jwk.kid === kid);
    if (!key) return undefined;
    key.jwk.expired_at = at;
    return { ...key.jwk };
  }

  get currentKid(): string {
    return this.keys.at(-1)!.jwk.kid;
  }

  find(kid: string): WebhookJwk | undefined {
    const key = this.keys.find((k) => k.jwk.kid === kid);
    return key ? { ...key.jwk } : undefined;
  }

  list(): WebhookJwk[] {
    return this.keys.map((k) => ({ ...k.jwk }));
  }

  async sign(rawBody: string, options: SignOptions = {}): Promise<string> {
    const key = options.kid ? this.keys.find((k) => k.jwk.kid === options.kid) : this.keys.at(-1);
    if (!key) throw new Error(`no signing key ${options.kid}`);
    return new SignJWT({ request_body_sha256: sha256Hex(rawBody) })
      .setProtectedHeader({ alg: "ES256", kid: key.jwk.kid, typ: "JWT" })
      .setIssuedAt(options.iat ?? unixNow())
      .sign(key.privateKey);
  }
}
