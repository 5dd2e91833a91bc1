import type { CsvMapping } from "@tandem/shared";
import { parse } from "csv-parse/sync";
import { parseBankAmount } from "./amounts";
import { parseBankDate } from "./dates";
import {
  clip,
  FileFormatError,
  MAX_DESCRIPTION,
  MAX_MERCHANT,
  type ParsedRow,
  type ParseResult,
  type RowError,
} from "./types";

type Column = string | number;
const DELIMITERS = [",", ";", "\t", "|"] as const;

interface CsvRecord {
  record: string[];
  info: { lines: number };
}

function records(text: string, delimiter: string, fromLine: number, toLine?: number): CsvRecord[] {
  try {
    return parse(text, {
      delimiter,
      info: true,
      bom: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
      from_line: fromLine,
      ...(toLine ? { to_line: toLine } : {}),
    }) as unknown as CsvRecord[];
  } catch (error) {
    const e = error as { code?: string; lines?: number; message: string };
    const message = e.code === "CSV_QUOTE_NOT_CLOSED" ? "a quoted field is never closed" : e.message.split(":")[0];
    throw new FileFormatError("malformed_csv", `The CSV cannot be read: ${message}`, e.lines ?? null);
  }
}

/** The delimiter that splits the first lines into the most, equally wide, columns. */
export function detectDelimiter(text: string, fromLine = 1): string {
  let best: { delimiter: string; score: number } = { delimiter: ",", score: 0 };
  for (const delimiter of DELIMITERS) {
    let sample: CsvRecord[];
    try {
      sample = records(text, delimiter, fromLine, fromLine + 20);
    } catch {
      continue;
    }
    const widths = sample.map((r) => r.record.length);
    if (widths.length === 0) continue;
    const first = widths[0]!;
    const consistent = widths.filter((w) => w === first).length / widths.length;
    const score = first > 1 ? first * consistent : 0;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/** Line endings are made uniform first: CRLF, lone CR (old Mac exports) and LF all count as one line. */
const normaliseNewlines = (text: string) => text.replace(/\r\n?/g, "\n");

/** The header row alone, for a caller that has no mapping yet. */
export function csvHeaders(rawText: string, mapping: Pick<CsvMapping, "delimiter" | "skipRows">): string[] {
  const text = normaliseNewlines(rawText);
  const fromLine = mapping.skipRows + 1;
  const delimiter = mapping.delimiter === "auto" ? detectDelimiter(text, fromLine) : mapping.delimiter;
  return (records(text, delimiter, fromLine, fromLine)[0]?.record ?? []).map((h) => h.trim());
}

export function parseCsv(rawText: string, mapping: CsvMapping, currency: string): ParseResult {
  const text = normaliseNewlines(rawText);
  const fromLine = mapping.skipRows + 1;
  const delimiter = mapping.delimiter === "auto" ? detectDelimiter(text, fromLine) : mapping.delimiter;
  const all = records(text, delimiter, fromLine);
  const headers = mapping.header ? (all.shift()?.record ?? []).map((h) => h.trim()) : null;

  const index = (column: Column, role: string): number => {
    if (typeof column === "number") return column;
    if (!headers) {
      throw new FileFormatError("mapping_invalid", `${role} names column "${column}" but the file has no header row`);
    }
    const wanted = column.trim().toLowerCase();
    const found = headers.findIndex((h) => h.toLowerCase() === wanted);
    if (found < 0) {
      throw new FileFormatError(
        "mapping_column_missing",
        `${role} column "${column}" is not in the header (${headers.map((h) => `"${h}"`).join(", ")})`,
      );
    }
    return found;
  };
  const optional = (column: Column | undefined, role: string) => (column === undefined ? null : index(column, role));
  const columns = {
    date: index(mapping.date, "date"),
    amount: optional(mapping.amount, "amount"),
    debit: optional(mapping.debit, "debit"),
    credit: optional(mapping.credit, "credit"),
    description: (Array.isArray(mapping.description) ? mapping.description : [mapping.description]).map((c) =>
      index(c, "description"),
    ),
    merchant: optional(mapping.merchant, "merchant"),
    id: optional(mapping.id, "id"),
  };
  const separators = { decimal: mapping.decimalSeparator, thousands: mapping.thousandsSeparator };

  const rows: ParsedRow[] = [];
  const errors: RowError[] = [];
  for (const { record, info } of all) {
    // info.lines is where the record ends; a quoted field may have spanned lines before it.
    const line = info.lines - record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
    const cell = (i: number | null) => (i === null ? "" : (record[i] ?? "").trim());
    const problems: string[] = [];
    let date = "";
    try {
      if (cell(columns.date) === "") throw new Error("the date is empty");
      date = parseBankDate(cell(columns.date), mapping.dateFormat);
    } catch (error) {
      problems.push((error as Error).message);
    }
    let amount = 0;
    try {
      if (columns.amount !== null) {
        amount = parseBankAmount(cell(columns.amount), currency, separators);
      } else {
        const debit = cell(columns.debit);
        const credit = cell(columns.credit);
        if (debit === "" && credit === "") throw new Error("both debit and credit are empty");
        // Debit columns hold money out; some banks write it positive, some negative.
        const out = debit === "" ? 0 : Math.abs(parseBankAmount(debit, currency, separators));
        const into = credit === "" ? 0 : Math.abs(parseBankAmount(credit, currency, separators));
        amount = into - out;
      }
      if (mapping.invertSign && amount !== 0) amount = -amount;
    } catch (error) {
      problems.push((error as Error).message);
    }
    const merchant = cell(columns.merchant) || null;
    const description =
      columns.description
        .map((i) => cell(i))
        .filter(Boolean)
        .join(" ")
        .replace(/\s+/g, " ") ||
      merchant ||
      "";
    if (description === "") problems.push("the description is empty");
    if (problems.length > 0) {
      errors.push({ line, message: problems.join("; ") });
      continue;
    }
    rows.push({
      line,
      date,
      amount,
      description: clip(description, MAX_DESCRIPTION),
      merchant: merchant ? clip(merchant, MAX_MERCHANT) : null,
      externalId: cell(columns.id) || null,
    });
  }
  return { rows, errors, total: all.length, headers, currency: null };
}
