import { createHash } from "node:crypto";
import { base64url, exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import type { PlaidApi } from "plaid";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createVerificationKeyCache, type VerificationKeyCache, verifyPlaidWebhook } from "./webhook-verification";

const NOW = new Date("2026-03-01T12:00:00Z");
const nowSeconds = Math.floor(NOW.getTime() / 1000);
const KID = "6c5516e1-92dc-479e-a8ff-5a51992e0001";
const BODY = JSON.stringify(
  { webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: "item_1", environment: "sandbox" },
  null,
  2,
);
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];
let plaidKey: PrivateKey;
let otherKey: PrivateKey;
let publicJwk: JWK & { expired_at: number | null; created_at: number };

/** A stub of the key cache: Plaid's keys by kid, as /webhook_verification_key/get returns them. */
function cacheOf(keys: Record<string, JWK | null>): VerificationKeyCache {
  return { get: async (kid) => (keys[kid] as never) ?? null };
}
const cache = () => cacheOf({ [KID]: publicJwk });

async function sign(
  body: string,
  options: { key?: PrivateKey; kid?: string | null; iat?: number | null; claims?: Record<string, unknown> } = {},
) {
  const jwt = new SignJWT({ request_body_sha256: sha256(body), ...options.claims });
  jwt.setProtectedHeader({ alg: "ES256", typ: "JWT", ...(options.kid === null ? {} : { kid: options.kid ?? KID }) });
  if (options.iat !== null) jwt.setIssuedAt(options.iat ?? nowSeconds - 10);
  return jwt.sign(options.key ?? plaidKey);
}

/** A JWT put together by hand, for the algorithms jose refuses to sign with (none, HS256 with a public key). */
function handMade(header: Record<string, unknown>, payload: Record<string, unknown>, signature = "") {
  const part = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${part(header)}.${part(payload)}.${signature}`;
}

const verify = (header: string | undefined, body: string | Uint8Array = BODY, keys = cache()) =>
  verifyPlaidWebhook(header, body, keys, NOW);

beforeAll(async () => {
  ({ privateKey: plaidKey } = await generateKeyPair("ES256", { extractable: true }));
  ({ privateKey: otherKey } = await generateKeyPair("ES256", { extractable: true }));
  // Plaid's JWK: the public half plus metadata (created_at, expired_at).
  const { d: _private, ...publicHalf } = await exportJWK(plaidKey);
  publicJwk = { ...publicHalf, alg: "ES256", kid: KID, use: "sig", created_at: nowSeconds - 86_400, expired_at: null };
});

describe("verifyPlaidWebhook accepts", () => {
  it("a webhook signed with Plaid's key for its kid, fresh, over the exact body", async () => {
    await expect(verify(await sign(BODY))).resolves.toEqual({ ok: true });
  });

  it("the raw bytes as well as the text", async () => {
    await expect(verify(await sign(BODY), new TextEncoder().encode(BODY))).resolves.toEqual({ ok: true });
  });

  it("a JWT just under five minutes old", async () => {
    await expect(verify(await sign(BODY, { iat: nowSeconds - 299 }))).resolves.toEqual({ ok: true });
  });

  it("a JWT from a Plaid clock a little ahead of ours", async () => {
    // iat has one-second resolution: Plaid's clock a fraction ahead already puts it in our future.
    await expect(verify(await sign(BODY, { iat: nowSeconds + 1 }))).resolves.toEqual({ ok: true });
    await expect(verify(await sign(BODY, { iat: nowSeconds + 60 }))).resolves.toEqual({ ok: true });
  });

  it("a body with non-ASCII text", async () => {
    const body = JSON.stringify({ webhook_type: "TRANSACTIONS", note: "Café — 💶" });
    await expect(verify(await sign(body), body)).resolves.toEqual({ ok: true });
  });
});

describe("verifyPlaidWebhook refuses", () => {
  const refused = (reason: string) => ({ ok: false, reason });

  it("a missing or empty header", async () => {
    await expect(verify(undefined)).resolves.toEqual(refused("missing_header"));
    await expect(verify("")).resolves.toEqual(refused("missing_header"));
  });

  it("a header that is not a JWT", async () => {
    for (const header of ["not-a-jwt", "a.b.c", "Bearer x", "....", "%%%.%%%.%%%"]) {
      await expect(verify(header)).resolves.toEqual(refused("malformed_token"));
    }
  });

  it('alg "none", with or without a signature', async () => {
    const payload = { iat: nowSeconds, request_body_sha256: sha256(BODY) };
    await expect(verify(handMade({ alg: "none", kid: KID }, payload))).resolves.toEqual(refused("wrong_algorithm"));
    await expect(verify(handMade({ alg: "none", kid: KID }, payload, "AAAA"))).resolves.toEqual(
      refused("wrong_algorithm"),
    );
    await expect(verify(handMade({ alg: "None", kid: KID }, payload))).resolves.toEqual(refused("wrong_algorithm"));
  });

  it("HS256 signed with the bytes of Plaid's public key (key confusion)", async () => {
    const payload = { iat: nowSeconds, request_body_sha256: sha256(BODY) };
    for (const secret of [JSON.stringify(publicJwk), `${publicJwk.x}${publicJwk.y}`]) {
      const token = await new SignJWT(payload)
        .setProtectedHeader({ alg: "HS256", kid: KID })
        .sign(new TextEncoder().encode(secret));
      await expect(verify(token)).resolves.toEqual(refused("wrong_algorithm"));
    }
  });

  it("other asymmetric algorithms", async () => {
    const payload = { iat: nowSeconds, request_body_sha256: sha256(BODY) };
    for (const alg of ["RS256", "ES384", "ES512", "PS256", "EdDSA"]) {
      await expect(verify(handMade({ alg, kid: KID }, payload, "c2ln"))).resolves.toEqual(refused("wrong_algorithm"));
    }
  });

  it("a JWT without a kid, or with a kid Plaid does not know", async () => {
    await expect(verify(await sign(BODY, { kid: null }))).resolves.toEqual(refused("unknown_key"));
    await expect(verify(await sign(BODY, { kid: "" }))).resolves.toEqual(refused("unknown_key"));
    await expect(verify(await sign(BODY, { kid: "someone-elses-key" }))).resolves.toEqual(refused("unknown_key"));
  });

  it("a key Plaid has expired, even though the signature is good", async () => {
    const keys = cacheOf({ [KID]: { ...publicJwk, expired_at: nowSeconds - 60 } as JWK });
    await expect(verify(await sign(BODY), BODY, keys)).resolves.toEqual(refused("expired_key"));
  });

  it("a valid JWT re-signed with another ES256 key under Plaid's kid", async () => {
    await expect(verify(await sign(BODY, { key: otherKey }))).resolves.toEqual(refused("bad_signature"));
  });

  it("a valid JWT whose signature or payload was altered", async () => {
    const token = await sign(BODY);
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const flipped = `${signature.slice(0, 10)}${signature[10] === "A" ? "B" : "A"}${signature.slice(11)}`;
    await expect(verify(`${header}.${payload}.${flipped}`)).resolves.toEqual(refused("bad_signature"));
    const otherPayload = base64url.encode(JSON.stringify({ iat: nowSeconds, request_body_sha256: sha256("{}") }));
    await expect(verify(`${header}.${otherPayload}.${signature}`)).resolves.toEqual(refused("bad_signature"));
  });

  it("a body changed by one byte, or by whitespace only", async () => {
    const token = await sign(BODY);
    await expect(verify(token, BODY.replace("item_1", "item_2"))).resolves.toEqual(refused("body_mismatch"));
    await expect(verify(token, `${BODY} `)).resolves.toEqual(refused("body_mismatch"));
    await expect(verify(token, JSON.stringify(JSON.parse(BODY)))).resolves.toEqual(refused("body_mismatch"));
    await expect(verify(token, "")).resolves.toEqual(refused("body_mismatch"));
  });

  it("a JWT without the body hash, or with a malformed one", async () => {
    for (const value of [undefined, 42, "", sha256(BODY).toUpperCase(), `${sha256(BODY)}00`]) {
      const token = await new SignJWT(value === undefined ? {} : { request_body_sha256: value })
        .setProtectedHeader({ alg: "ES256", kid: KID })
        .setIssuedAt(nowSeconds)
        .sign(plaidKey);
      await expect(verify(token)).resolves.toEqual(refused("body_mismatch"));
    }
  });

  it("a JWT more than five minutes old, from well in the future, or without iat", async () => {
    await expect(verify(await sign(BODY, { iat: nowSeconds - 301 }))).resolves.toEqual(refused("stale"));
    await expect(verify(await sign(BODY, { iat: nowSeconds + 61 }))).resolves.toEqual(refused("stale"));
    await expect(verify(await sign(BODY, { iat: null, claims: { iat: "yesterday" } }))).resolves.toEqual(
      refused("stale"),
    );
    await expect(verify(await sign(BODY, { iat: nowSeconds - 86_400 }))).resolves.toEqual(refused("stale"));
    await expect(verify(await sign(BODY, { iat: nowSeconds + 600 }))).resolves.toEqual(refused("stale"));
    await expect(verify(await sign(BODY, { iat: null }))).resolves.toEqual(refused("stale"));
  });
});

describe("createVerificationKeyCache", () => {
  function plaidStub(keys: Map<string, JWK>) {
    const webhookVerificationKeyGet = vi.fn(async ({ key_id }: { key_id: string }) => {
      const key = keys.get(key_id);
      if (!key) {
        throw Object.assign(new Error("Request failed with status code 400"), {
          response: { status: 400, data: { error_code: "INVALID_WEBHOOK_VERIFICATION_KEY_ID" } },
        });
      }
      return { data: { key } };
    });
    return { client: { webhookVerificationKeyGet } as unknown as PlaidApi, webhookVerificationKeyGet };
  }

  it("fetches a key once and serves it from the cache", async () => {
    const { client, webhookVerificationKeyGet } = plaidStub(new Map([[KID, publicJwk]]));
    const keys = createVerificationKeyCache(client, () => NOW);
    expect(await keys.get(KID)).toEqual(publicJwk);
    expect(await keys.get(KID)).toEqual(publicJwk);
    expect(webhookVerificationKeyGet).toHaveBeenCalledTimes(1);
  });

  it("asks Plaid again for an unknown kid every time, so a rotated key is found", async () => {
    const known = new Map<string, JWK>();
    const { client, webhookVerificationKeyGet } = plaidStub(known);
    const keys = createVerificationKeyCache(client, () => NOW);
    expect(await keys.get("new-kid")).toBeNull();
    known.set("new-kid", { ...publicJwk, kid: "new-kid" });
    expect(await keys.get("new-kid")).toMatchObject({ kid: "new-kid" });
    expect(webhookVerificationKeyGet).toHaveBeenCalledTimes(2);
  });

  it("looks at a cached key again after a while, so an expiry is noticed", async () => {
    const known = new Map<string, JWK>([[KID, publicJwk]]);
    const { client, webhookVerificationKeyGet } = plaidStub(known);
    let now = NOW.getTime();
    const keys = createVerificationKeyCache(client, () => new Date(now));
    await keys.get(KID);
    known.set(KID, { ...publicJwk, expired_at: nowSeconds } as JWK);
    now += 60 * 60 * 1000;
    expect(await keys.get(KID)).toMatchObject({ expired_at: null });
    now += 6 * 60 * 60 * 1000;
    expect(await keys.get(KID)).toMatchObject({ expired_at: nowSeconds });
    expect(webhookVerificationKeyGet).toHaveBeenCalledTimes(2);
  });

  it("keeps using a cached key when Plaid cannot be reached, but not a key Plaid disowns", async () => {
    const known = new Map<string, JWK>([[KID, publicJwk]]);
    const { client, webhookVerificationKeyGet } = plaidStub(known);
    let now = NOW.getTime();
    const keys = createVerificationKeyCache(client, () => new Date(now));
    await keys.get(KID);
    now += 7 * 60 * 60 * 1000;
    webhookVerificationKeyGet.mockRejectedValueOnce(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
    expect(await keys.get(KID)).toEqual(publicJwk);
    known.delete(KID);
    expect(await keys.get(KID)).toBeNull();
  });
});
