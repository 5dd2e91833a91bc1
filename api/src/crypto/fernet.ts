import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Fernet (github.com/fernet/spec): AES-128-CBC + HMAC-SHA256 with a version byte and a
 * timestamp, base64url. Used for Plaid access tokens at rest. Pure: time and IV are
 * parameters so the spec's vectors can be replayed exactly.
 */

const VERSION = 0x80;
const HEADER = 1 + 8 + 16; // version, timestamp, IV
const MAC = 32;
const BLOCK = 16;
/** The spec rejects tokens stamped further in the future than this clock skew. */
const MAX_CLOCK_SKEW_SECONDS = 60;

export class FernetError extends Error {}

export interface FernetKey {
  signing: Buffer;
  encryption: Buffer;
}

export function parseKey(base64Key: string): FernetKey {
  const raw = Buffer.from(base64Key, "base64url");
  if (raw.length !== 32) throw new FernetError("a Fernet key is 32 bytes, base64url-encoded");
  return { signing: raw.subarray(0, 16), encryption: raw.subarray(16) };
}

export interface EncryptOptions {
  now?: Date;
  iv?: Buffer;
}

export function encrypt(
  key: FernetKey,
  plaintext: Buffer | string,
  { now = new Date(), iv = randomBytes(16) }: EncryptOptions = {},
): string {
  const cipher = createCipheriv("aes-128-cbc", key.encryption, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const header = Buffer.alloc(9);
  header.writeUInt8(VERSION, 0);
  header.writeBigUInt64BE(BigInt(Math.floor(now.getTime() / 1000)), 1);
  const signed = Buffer.concat([header, iv, ciphertext]);
  const mac = createHmac("sha256", key.signing).update(signed).digest();
  return toPaddedBase64url(Buffer.concat([signed, mac]));
}

// The spec writes tokens in base64url with "=" padding; Node's base64url omits it.
function toPaddedBase64url(bytes: Buffer): string {
  return bytes.toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

export interface DecryptOptions {
  now?: Date;
  /** Reject tokens older than this many seconds; unlimited when absent. */
  ttlSeconds?: number;
}

const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

export function decrypt(key: FernetKey, token: string, { now = new Date(), ttlSeconds }: DecryptOptions = {}): Buffer {
  if (!BASE64URL.test(token)) throw new FernetError("token is not base64url");
  const raw = Buffer.from(token, "base64url");
  if (raw.length < HEADER + BLOCK + MAC || raw[0] !== VERSION) throw new FernetError("token is malformed");
  const ciphertextLength = raw.length - HEADER - MAC;
  if (ciphertextLength % BLOCK !== 0) throw new FernetError("token is malformed");

  const signed = raw.subarray(0, raw.length - MAC);
  const expected = createHmac("sha256", key.signing).update(signed).digest();
  if (!timingSafeEqual(expected, raw.subarray(raw.length - MAC))) throw new FernetError("token signature is invalid");

  const issuedAt = Number(raw.readBigUInt64BE(1));
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (issuedAt > nowSeconds + MAX_CLOCK_SKEW_SECONDS) throw new FernetError("token is from the future");
  if (ttlSeconds !== undefined && issuedAt + ttlSeconds < nowSeconds) throw new FernetError("token has expired");

  try {
    const decipher = createDecipheriv("aes-128-cbc", key.encryption, raw.subarray(9, HEADER));
    return Buffer.concat([decipher.update(raw.subarray(HEADER, raw.length - MAC)), decipher.final()]);
  } catch {
    throw new FernetError("token padding is invalid");
  }
}

/**
 * Keys derived from APP_SECRET_KEY values. A comma-separated list is a key ring: the
 * first key encrypts, every key decrypts, so old tokens stay readable during rotation.
 */
export function deriveKey(secret: string): FernetKey {
  const material = Buffer.from(hkdfSync("sha256", secret, "tandem", "fernet-key-v1", 32));
  return { signing: material.subarray(0, 16), encryption: material.subarray(16) };
}

export interface KeyRing {
  encrypt(plaintext: string): string;
  decrypt(token: string): string;
  /** Whether a token is already under the newest key (rotation skips those). */
  isCurrent(token: string): boolean;
}

export function createKeyRing(secrets: readonly string[]): KeyRing {
  if (secrets.length === 0) throw new FernetError("at least one key is required");
  const keys = secrets.map(deriveKey);
  const [current] = keys as [FernetKey, ...FernetKey[]];
  return {
    encrypt: (plaintext) => encrypt(current, plaintext),
    decrypt(token) {
      for (const key of keys) {
        try {
          return decrypt(key, token).toString("utf8");
        } catch (error) {
          if (!(error instanceof FernetError)) throw error;
        }
      }
      throw new FernetError("no key in the ring can read this token");
    },
    isCurrent(token) {
      try {
        decrypt(current, token);
        return true;
      } catch {
        return false;
      }
    },
  };
}
