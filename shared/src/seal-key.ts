/**
 * The dashboard's sealing key per household. DASHBOARD_SEAL_KEY is the master secret;
 * each household's data is sealed with an HKDF-derived key, which the API hands only to
 * that household's members (GET /dashboard/key). A member of another household on the
 * same API therefore gets a key that opens nothing of this one. WebCrypto only, so it
 * runs the same in the API and in the loaders.
 */

const HKDF_SALT = "tandem-dashboard-seal-v1";
const encoder = new TextEncoder();

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

/** DASHBOARD_SEAL_KEY: 32 random bytes, base64. */
export function parseSealMasterKey(text: string): Uint8Array<ArrayBuffer> {
  const bytes = fromBase64(text.trim());
  if (bytes.length !== 32) throw new Error("DASHBOARD_SEAL_KEY must be 32 bytes, base64-encoded");
  return bytes;
}

/** The household's sealing key, as base64 of its 32 raw bytes. */
export async function deriveHouseholdSealKey(masterKey: Uint8Array<ArrayBuffer>, householdId: string): Promise<string> {
  const ikm = await crypto.subtle.importKey("raw", masterKey, "HKDF", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "HKDF", hash: "SHA-256", salt: encoder.encode(HKDF_SALT), info: encoder.encode(householdId) },
    ikm,
    256,
  );
  return toBase64(new Uint8Array(bits));
}
