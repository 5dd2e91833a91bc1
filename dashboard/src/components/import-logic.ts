/**
 * The Import page's pure logic: which format a file is, the CSV's header row (read in the
 * browser, since the API asks for a mapping before it reads a CSV), a first guess at the
 * mapping, the mapping form's values ↔ the API's CsvMapping, and plain words for results.
 */
import type { CsvMapping, DateFormat, ImportFormat, ImportResult, ImportRow } from "../shared/contract/imports.js";
import { DATE_FORMATS } from "../shared/date-formats.js";

type ImportError = ImportResult["errors"][number];

/** The contract's date formats, from their zod-free module so the page does not bundle zod. */
export const DATE_FORMAT_CHOICES: readonly DateFormat[] = DATE_FORMATS;

export type Delimiter = CsvMapping["delimiter"];
const DELIMITERS = [",", ";", "\t", "|"] as const;

/** By the file's extension, else by its first characters; a CSV when nothing else fits. */
export function detectFormat(fileName: string, text: string): ImportFormat {
  const extension = fileName.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (extension === "csv" || extension === "txt") return "csv";
  if (extension === "ofx" || extension === "qfx") return "ofx";
  if (extension === "qif") return "qif";
  const start = text.replace(/^\uFEFF/, "").trimStart();
  if (/^OFXHEADER|^<\?xml[^>]*>\s*<\?OFX|^<OFX>/i.test(start)) return "ofx";
  if (/^!(Type|Account|Option)/i.test(start)) return "qif";
  return "csv";
}

export const FORMAT_NAMES: Record<ImportFormat, string> = { csv: "CSV", ofx: "OFX / QFX", qif: "QIF" };

const lines = (text: string) => text.replace(/^\uFEFF/, "").split(/\r\n?|\n/);

/** One CSV record's fields (quotes understood; the record is one line). */
export function splitRecord(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (char === delimiter) {
      fields.push(field.trim());
      field = "";
    } else field += char;
  }
  fields.push(field.trim());
  return fields;
}

/** The separator that splits the first lines into the most, equally wide, columns (as the API guesses it). */
export function detectDelimiter(text: string, skipRows = 0): string {
  const sample = lines(text)
    .slice(skipRows)
    .filter((l) => l.trim() !== "")
    .slice(0, 20);
  let best = { delimiter: ",", score: 0 };
  for (const delimiter of DELIMITERS) {
    const widths = sample.map((l) => splitRecord(l, delimiter).length);
    if (widths.length === 0) continue;
    const first = widths[0]!;
    const score = first > 1 ? first * (widths.filter((w) => w === first).length / widths.length) : 0;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** The first record after the preamble: column names, or with no header row "Column 1", "Column 2", … */
export function csvColumns(
  text: string,
  { header, skipRows, delimiter }: Pick<CsvMapping, "header" | "skipRows" | "delimiter">,
): string[] {
  const separator = delimiter === "auto" ? detectDelimiter(text, skipRows) : delimiter;
  const first = lines(text)
    .slice(skipRows)
    .find((l) => l.trim() !== "");
  if (first === undefined) return [];
  const fields = splitRecord(first, separator);
  return header ? fields : fields.map((_, i) => `Column ${i + 1}`);
}

/** What the mapping form holds: column choices as header names (or "Column n" without a header). */
export interface MappingForm {
  header: boolean;
  skipRows: number;
  delimiter: Delimiter;
  date: string;
  dateFormat: DateFormat;
  description: string;
  merchant: string;
  amountStyle: "signed" | "split";
  amount: string;
  debit: string;
  credit: string;
  invertSign: boolean;
  decimalSeparator: CsvMapping["decimalSeparator"];
  thousandsSeparator: CsvMapping["thousandsSeparator"];
  id: string;
}

const find = (columns: readonly string[], ...patterns: RegExp[]) => {
  for (const pattern of patterns) {
    const found = columns.find((c) => pattern.test(c));
    if (found) return found;
  }
  return "";
};

/** A first guess from the column names, for an account with no saved mapping. */
export function guessMapping(columns: readonly string[], text = ""): MappingForm {
  const amount = find(columns, /^amount$/i, /amount|betrag|montant|value|sum/i);
  const debit = find(columns, /debit|withdrawal|money out|paid out|^out$/i);
  const credit = find(columns, /credit|deposit|money in|paid in|^in$/i);
  const split = !amount && Boolean(debit || credit);
  const dateColumn = find(columns, /^(transaction |posting |booking )?date$/i, /date|datum/i);
  return {
    header: true,
    skipRows: 0,
    delimiter: "auto",
    date: dateColumn || columns[0] || "",
    dateFormat: guessDateFormat(text, columns.indexOf(dateColumn)),
    description: find(columns, /^description$/i, /desc|payee|details|narrative|memo|text|name/i) || columns[1] || "",
    merchant: find(columns, /merchant/i),
    amountStyle: split ? "split" : "signed",
    amount: split ? "" : amount || columns[2] || "",
    debit: split ? debit : "",
    credit: split ? credit : "",
    invertSign: false,
    decimalSeparator: ".",
    thousandsSeparator: "",
    id: find(columns, /^(transaction )?id$/i, /reference|transaction id|fitid/i),
  };
}

/** The date format the first data row's date cell looks like (ISO when unsure). */
export function guessDateFormat(text: string, column: number): DateFormat {
  if (column < 0 || !text) return "YYYY-MM-DD";
  const rows = lines(text).filter((l) => l.trim() !== "");
  const delimiter = detectDelimiter(text);
  const cell = rows[1] ? (splitRecord(rows[1], delimiter)[column] ?? "") : "";
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(cell)) return "YYYY-MM-DD";
  if (/^\d{4}\/\d{1,2}\/\d{1,2}$/.test(cell)) return "YYYY/MM/DD";
  if (/^\d{8}$/.test(cell)) return "YYYYMMDD";
  if (/^\d{1,2}\.\d{1,2}\.\d{4}$/.test(cell)) return "DD.MM.YYYY";
  const slash = cell.match(/^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/);
  if (slash) {
    const long = slash[3]!.length === 4;
    if (Number(slash[1]) > 12) return long ? "DD/MM/YYYY" : "DD/MM/YY";
    return long ? "MM/DD/YYYY" : "MM/DD/YY";
  }
  return "YYYY-MM-DD";
}

/** A saved CsvMapping as the form shows it (indices become "Column n"). */
export function formFromMapping(mapping: CsvMapping, columns: readonly string[]): MappingForm {
  const name = (ref: string | number | undefined): string => {
    if (ref === undefined) return "";
    if (typeof ref === "number") return mapping.header ? (columns[ref] ?? `Column ${ref + 1}`) : `Column ${ref + 1}`;
    return columns.find((c) => c.toLowerCase() === ref.toLowerCase()) ?? ref;
  };
  const description = Array.isArray(mapping.description) ? mapping.description[0] : mapping.description;
  return {
    header: mapping.header,
    skipRows: mapping.skipRows,
    delimiter: mapping.delimiter,
    date: name(mapping.date),
    dateFormat: mapping.dateFormat,
    description: name(description),
    merchant: name(mapping.merchant),
    amountStyle: mapping.amount === undefined ? "split" : "signed",
    amount: name(mapping.amount),
    debit: name(mapping.debit),
    credit: name(mapping.credit),
    invertSign: mapping.invertSign,
    decimalSeparator: mapping.decimalSeparator,
    thousandsSeparator: mapping.thousandsSeparator,
    id: name(mapping.id),
  };
}

/** The form's choices as the API's CsvMapping; without a header row, columns go by position. */
export function mappingFromForm(form: MappingForm): CsvMapping {
  const ref = (column: string): string | number => {
    const position = column.match(/^Column (\d+)$/);
    return !form.header && position ? Number(position[1]) - 1 : column;
  };
  const optional = (column: string) => (column ? ref(column) : undefined);
  const mapping: CsvMapping = {
    header: form.header,
    skipRows: form.skipRows,
    delimiter: form.delimiter,
    date: ref(form.date),
    dateFormat: form.dateFormat,
    invertSign: form.invertSign,
    decimalSeparator: form.decimalSeparator,
    thousandsSeparator: form.thousandsSeparator,
    description: ref(form.description),
  };
  if (form.amountStyle === "signed") mapping.amount = ref(form.amount);
  else {
    const debit = optional(form.debit);
    const credit = optional(form.credit);
    if (debit !== undefined) mapping.debit = debit;
    if (credit !== undefined) mapping.credit = credit;
  }
  const merchant = optional(form.merchant);
  if (merchant !== undefined) mapping.merchant = merchant;
  const id = optional(form.id);
  if (id !== undefined) mapping.id = id;
  return mapping;
}

/**
 * The file without the records that start on `badLines` (1-based, as the API numbers them):
 * a record runs on while a quoted field is open, so a quoted line break goes with it.
 */
export function withoutLines(text: string, badLines: Iterable<number>): string {
  const drop = new Set(badLines);
  const all = text.split(/(?<=\r\n|\r(?!\n)|\n)/);
  const kept: string[] = [];
  for (let i = 0; i < all.length; i++) {
    if (!drop.has(i + 1)) {
      kept.push(all[i]!);
      continue;
    }
    let quotes = (all[i]!.match(/"/g) ?? []).length;
    while (quotes % 2 === 1 && i + 1 < all.length) {
      i++;
      quotes += (all[i]!.match(/"/g) ?? []).length;
    }
  }
  return kept.join("");
}

const DUPLICATE_WORDS: Record<NonNullable<ImportRow["duplicate"]>, string> = {
  source_id: "Already imported (same bank id)",
  existing: "Already in Tandem",
  in_file: "Twice in this file",
};

export function duplicateWords(reason: ImportRow["duplicate"]): string {
  return reason ? DUPLICATE_WORDS[reason] : "New";
}

/** "Line 5: the date …" (or the whole file's problem). */
export function errorWords(error: ImportError): string {
  const message = error.message.charAt(0).toUpperCase() + error.message.slice(1);
  return error.line === null ? message : `Line ${error.line}: ${error.message}`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
