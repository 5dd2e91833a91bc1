import chardet from "chardet";
import iconv from "iconv-lite";

export interface DecodedText {
  text: string;
  /** What the bytes were read as, reported back so a wrong guess is visible in the preview. */
  encoding: string;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Bank files arrive in whatever the bank's software writes: UTF-8 (with or without a
 * BOM), UTF-16 from Excel's "Unicode text", or Windows-1252/Latin-1 from older systems.
 * A BOM is certain; valid UTF-8 is almost certainly UTF-8 (Latin-1 text with accents is
 * practically never valid UTF-8); otherwise chardet guesses, and ISO-8859-1 is read as
 * its superset Windows-1252 so € and curly quotes survive.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const decoded = decodeBytes(bytes);
  // PostgreSQL text cannot hold NUL; a stray one (a padded export) is never meaningful.
  return { text: decoded.text.replaceAll("\u0000", ""), encoding: decoded.encoding };
}

function decodeBytes(bytes: Uint8Array): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    return { text: buffer.subarray(3).toString("utf8"), encoding: "utf-8" };
  }
  if (buffer[0] === 0xff && buffer[1] === 0xfe)
    return { text: iconv.decode(buffer.subarray(2), "utf-16le"), encoding: "utf-16le" };
  if (buffer[0] === 0xfe && buffer[1] === 0xff)
    return { text: iconv.decode(buffer.subarray(2), "utf-16be"), encoding: "utf-16be" };
  // UTF-16 without a BOM: NUL bytes in every other position are never valid text otherwise.
  const guess = chardet.detect(buffer.subarray(0, 64 * 1024));
  if (guess && /^UTF-16/i.test(guess) && iconv.encodingExists(guess)) {
    return { text: iconv.decode(buffer, guess), encoding: guess.toLowerCase() };
  }
  try {
    return { text: strictUtf8.decode(buffer), encoding: "utf-8" };
  } catch {
    // not UTF-8: fall through to a single-byte guess
  }
  if (guess && !/^(ISO-8859-1|windows-1252|UTF-8|ASCII)$/i.test(guess) && iconv.encodingExists(guess)) {
    return { text: iconv.decode(buffer, guess), encoding: guess.toLowerCase() };
  }
  return { text: iconv.decode(buffer, "windows-1252"), encoding: "windows-1252" };
}
