import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createKeyRing, decrypt, encrypt, FernetError, parseKey } from "./fernet";

// The spec's vectors live outside the repo (../shared/vectors/fernet beside the clone).
const VECTORS = process.env.FERNET_VECTORS_DIR ?? resolve(import.meta.dirname, "../../../../shared/vectors/fernet");
const haveVectors = existsSync(VECTORS);
if (!haveVectors && process.env.CI) throw new Error(`Fernet spec vectors not found at ${VECTORS}`);

interface Vector {
  token: string;
  now: string;
  iv?: number[];
  src?: string;
  secret: string;
  ttl_sec?: number;
  desc?: string;
}
const load = (name: string): Vector[] => JSON.parse(readFileSync(resolve(VECTORS, `${name}.json`), "utf8"));

describe.runIf(haveVectors)("Fernet spec vectors", () => {
  it("generates the spec's tokens exactly", () => {
    for (const v of load("generate")) {
      const token = encrypt(parseKey(v.secret), v.src!, { now: new Date(v.now), iv: Buffer.from(v.iv!) });
      expect(token).toBe(v.token);
    }
  });

  it("verifies the spec's valid tokens", () => {
    for (const v of load("verify")) {
      expect(decrypt(parseKey(v.secret), v.token, { now: new Date(v.now), ttlSeconds: v.ttl_sec }).toString()).toBe(
        v.src,
      );
    }
  });

  it.each(haveVectors ? load("invalid") : [])("refuses $desc", (v) => {
    expect(() => decrypt(parseKey(v.secret), v.token, { now: new Date(v.now), ttlSeconds: v.ttl_sec })).toThrow(
      FernetError,
    );
  });
});

describe("key ring", () => {
  it("round-trips and keeps old tokens readable after rotation", () => {
    const old = createKeyRing(["old-secret"]);
    const token = old.encrypt("access-sandbox-123");
    const rotated = createKeyRing(["new-secret", "old-secret"]);
    expect(rotated.decrypt(token)).toBe("access-sandbox-123");
    expect(rotated.isCurrent(token)).toBe(false);
    expect(rotated.isCurrent(rotated.encrypt("x"))).toBe(true);
    expect(() => createKeyRing(["new-secret"]).decrypt(token)).toThrow(FernetError);
  });

  it("never emits the plaintext in the token", () => {
    const token = createKeyRing(["k"]).encrypt("access-production-secret");
    expect(Buffer.from(token, "base64url").toString("latin1")).not.toContain("access-production-secret");
  });
});
