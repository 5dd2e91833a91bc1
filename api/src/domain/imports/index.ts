import type { CsvMapping, DateFormat, ImportFormat } from "@tandem/shared";
import { csvHeaders, parseCsv } from "./csv";
import { decodeText } from "./decode";
import { parseOfx } from "./ofx";
import { parseQif } from "./qif";
import { FileFormatError, type ParseResult } from "./types";

export { assignSourceIds, type ClassifiedRow, classify, type ExistingRow } from "./dedupe";
export { FileFormatError, type ParsedRow, type ParseResult, type RowError } from "./types";

/** OFX announces itself in its header or root element, QIF in its first line; anything else is read as CSV. */
export function detectFormat(text: string): ImportFormat {
  const head = text.slice(0, 4096).trimStart();
  if (/^OFXHEADER:|<\?OFX|<OFX>/i.test(head) || /^<\?xml[\s\S]*<\?OFX/i.test(head)) return "ofx";
  if (/^!(Type|Account|Option|Clear):/i.test(head)) return "qif";
  return "csv";
}

export interface ParseFileOptions {
  format?: ImportFormat | undefined;
  mapping?: CsvMapping | undefined;
  dateFormat?: DateFormat | undefined;
  currency: string;
}

export interface ParsedFile {
  format: ImportFormat;
  encoding: string;
  result: ParseResult;
}

/** Bytes of any supported file to rows and row errors; a file that cannot be read at all throws FileFormatError. */
export function parseFile(bytes: Uint8Array, options: ParseFileOptions): ParsedFile {
  const { text, encoding } = decodeText(bytes);
  const format = options.format ?? detectFormat(text);
  if (format === "ofx") return { format, encoding, result: parseOfx(text, options.currency) };
  if (format === "qif") return { format, encoding, result: parseQif(text, options.currency, options.dateFormat) };
  if (!options.mapping) {
    const headers = csvHeaders(text, { delimiter: "auto", skipRows: 0 });
    throw new FileFormatError(
      "mapping_required",
      `This account has no saved CSV mapping; send one naming its columns (the first row reads ${headers.map((h) => `"${h}"`).join(", ")})`,
    );
  }
  return { format, encoding, result: parseCsv(text, options.mapping, options.currency) };
}
