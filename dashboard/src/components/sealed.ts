/**
 * Sealed dashboard data: AES-256-GCM. Loaders seal at build time with the household's key
 * (derived from DASHBOARD_SEAL_KEY); the page gets the same key from the API after login
 * and unseals here with WebCrypto. Without that key the built files reveal nothing.
 * It imports only dependency-free shared code, so Framework can bundle it for the browser and loaders can run it in Node.
 */
import { fromBase64, toBase64 } from "../shared/seal-key.js";

export const SEAL_ALGORITHM = "A256GCM";
const IV_BYTES = 12;

export interface SealedBox {
  sealed: typeof SEAL_ALGORITHM;
  /** The JSON is gzipped before sealing: ciphertext does not compress, so it must happen first. */
  compression: "gzip";
  /** The data set's name, bound as associated data so one sealed file cannot pass for another. */
  label: string;
  iv: string;
  ciphertext: string;
}

export class UnsealError extends Error {}

const encoder = new TextEncoder();

async function gzip(text: string): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function gunzip(bytes: ArrayBuffer): Promise<string> {
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
}

function importKey(key: string, usage: "encrypt" | "decrypt"): Promise<CryptoKey> {
  const raw = fromBase64(key);
  if (raw.length !== 32) throw new UnsealError("A seal key is 32 bytes");
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, [usage]);
}

export async function seal(value: unknown, key: string, label: string): Promise<SealedBox> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(label) },
    await importKey(key, "encrypt"),
    await gzip(JSON.stringify(value)),
  );
  return {
    sealed: SEAL_ALGORITHM,
    compression: "gzip",
    label,
    iv: toBase64(iv),
    ciphertext: toBase64(new Uint8Array(ciphertext)),
  };
}

/** Opens a box sealed for `label`; a wrong key, another label or any tampering throws UnsealError. */
export async function unseal<T>(box: SealedBox, key: string, label: string): Promise<T> {
  if (box?.sealed !== SEAL_ALGORITHM || box.compression !== "gzip" || box.label !== label) {
    throw new UnsealError(`Not the sealed ${label} data`);
  }
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: fromBase64(box.iv), additionalData: encoder.encode(label) },
      await importKey(key, "decrypt"),
      fromBase64(box.ciphertext),
    );
    return JSON.parse(await gunzip(plaintext)) as T;
  } catch {
    throw new UnsealError(`Cannot open the ${label} data with this key`);
  }
}
