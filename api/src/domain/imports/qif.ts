import type { DateFormat } from "@tandem/shared";
import { deserializeQif } from "qif-ts";
import { parseLooseAmount } from "./amounts";
import { parseBankDate } from "./dates";
import { clip, FileFormatError, MAX_DESCRIPTION, type ParsedRow, type ParseResult, type RowError } from "./types";

const CASH_LIKE = /^!Type:(Bank|Cash|CCard|Oth A|Oth L)\s*$/i;

interface QifRecord {
  line: number;
  lines: string[];
}

/** Splits the file into `^`-terminated records with the line each starts on. */
function records(source: string): { header: string; records: QifRecord[] } {
  const lines = source.split(/\r\n|\r|\n/);
  let header = "";
  const out: QifRecord[] = [];
  let current: QifRecord | null = null;
  let inAccountBlock = false;
  lines.forEach((rawLine, i) => {
    const line = rawLine.trim();
    if (line === "") return;
    if (line.startsWith("!")) {
      if (/^!Account/i.test(line)) inAccountBlock = true;
      else if (/^!Type:/i.test(line)) {
        inAccountBlock = false;
        if (!header) header = line;
        else if (header.toLowerCase() !== line.toLowerCase()) {
          throw new FileFormatError(
            "malformed_qif",
            `Line ${i + 1}: a second section of another type (${line})`,
            i + 1,
          );
        }
      }
      // !Option:AutoSwitch and !Clear:AutoSwitch only frame the account list.
      return;
    }
    if (inAccountBlock) {
      if (line === "^") inAccountBlock = false;
      return;
    }
    if (line === "^") {
      if (current) out.push(current);
      current = null;
      return;
    }
    current ??= { line: i + 1, lines: [] };
    current.lines.push(line);
  });
  if (current) out.push(current);
  return { header, records: out };
}

/**
 * Quicken interchange files of bank, cash and card accounts. qif-ts reads each record's
 * fields; the amount is re-read from the T line as written, because qif-ts goes through
 * parseFloat (which stops at a thousands comma and is not exact).
 */
export function parseQif(source: string, currency: string, dateFormat: DateFormat = "MM/DD/YYYY"): ParseResult {
  const { header, records: all } = records(source);
  if (!header) throw new FileFormatError("malformed_qif", "The file is not QIF: it has no !Type: header", 1);
  if (!CASH_LIKE.test(header)) {
    throw new FileFormatError(
      "unsupported_qif_type",
      `QIF ${header} is not supported; export a bank or card account`,
      1,
    );
  }
  const rows: ParsedRow[] = [];
  const errors: RowError[] = [];
  for (const record of all) {
    const problems: string[] = [];
    // U is Quicken's duplicate of T with more digits; qif-ts does not know it.
    const fields = record.lines.filter((l) => l[0] !== "U");
    let parsed: ReturnType<typeof deserializeQif>["transactions"][number] | undefined;
    try {
      parsed = deserializeQif(`!Type:Bank\n${fields.join("\n")}\n^\n`).transactions[0];
    } catch (error) {
      problems.push((error as Error).message);
    }
    const amountLine = fields.find((l) => l[0] === "T");
    let amount = 0;
    try {
      if (!amountLine) throw new Error("the record has no T (amount) line");
      amount = parseLooseAmount(amountLine.slice(1), currency);
    } catch (error) {
      problems.push((error as Error).message);
    }
    let date = "";
    try {
      if (!parsed?.date) throw new Error("the record has no D (date) line");
      date = parseBankDate(parsed.date, dateFormat);
    } catch (error) {
      problems.push((error as Error).message);
    }
    const payee = parsed?.payee?.trim() ?? "";
    const memo = parsed?.memo?.trim() ?? "";
    const description = payee && memo && memo !== payee ? `${payee} - ${memo}` : payee || memo;
    if (!description && problems.length === 0) problems.push("the record has neither P (payee) nor M (memo)");
    if (problems.length > 0) {
      errors.push({ line: record.line, message: problems.join("; ") });
      continue;
    }
    rows.push({
      line: record.line,
      date,
      amount,
      description: clip(description, MAX_DESCRIPTION),
      merchant: null,
      externalId: null,
    });
  }
  return { rows, errors, total: all.length, headers: null, currency: null };
}
