import { randomBytes, randomUUID } from "node:crypto";
import type { Rng } from "./random";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Plaid's item, account and transaction ids are 37 case-sensitive base62 characters. */
export function plaidId(rng: Rng, length = 37): string {
  let id = "";
  for (let i = 0; i < length; i++) id += BASE62[Math.floor(rng.next() * 62)];
  return id;
}

/**
 * Request ids and tokens are not part of the seeded data: they must differ between runs
 * and between emulators, the way real ones do, so nothing can come to depend on them.
 */
export function requestId(): string {
  const bytes = randomBytes(15);
  let id = "";
  for (const byte of bytes) id += BASE62[byte % 62];
  return id;
}

export function accessToken(): string {
  return `access-sandbox-${randomUUID()}`;
}

export function publicToken(): string {
  return `public-sandbox-${randomUUID()}`;
}

export function linkToken(): string {
  return `link-sandbox-${randomUUID()}`;
}

/** Plaid's oauth_state_id, the query parameter an OAuth bank's redirect carries back: a UUID. */
export function oauthStateId(): string {
  return randomUUID();
}
