import { MAX_RATES_PER_UPLOAD, type RateInput, RateInputSchema } from "@tandem/shared";
import { parse } from "csv-parse/sync";

export interface UploadError {
  path: string;
  message: string;
}

export type UploadParse = { ok: true; rates: RateInput[] } | { ok: false; errors: UploadError[] };

const COLUMNS = ["date", "base", "quote", "rate"] as const;
/** Enough to show what is wrong without a 20,000-line error reply. */
const MAX_ERRORS = 50;

/**
 * A rates CSV: a header naming date, base, quote and rate (any order, any case; other
 * columns are ignored), then one rate a line. Every line is checked before anything is
 * written; errors name the line as a spreadsheet shows it (the header is line 1).
 */
export function ratesFromCsv(text: string): UploadParse {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      record_delimiter: ["\r\n", "\n", "\r"],
    }) as unknown as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { ok: false, errors: [{ path: line ? `line ${line}` : "(body)", message: "is not valid CSV" }] };
  }
  const [header, ...lines] = records;
  if (!header) return { ok: false, errors: [{ path: "(body)", message: "the file is empty" }] };
  const names = header.record.map((name) => name.toLowerCase());
  const missing = COLUMNS.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    return {
      ok: false,
      errors: [
        {
          path: "line 1",
          message: `the header must name the columns date,base,quote,rate (missing: ${missing.join(", ")})`,
        },
      ],
    };
  }
  const at = Object.fromEntries(COLUMNS.map((column) => [column, names.indexOf(column)]));
  const rows = lines.map(({ record, info }) => ({
    label: `line ${info.lines}`,
    value: Object.fromEntries(COLUMNS.map((column) => [column, record[at[column]!] ?? ""])),
  }));
  return validate(rows);
}

/** The JSON upload's rows, already checked one by one by the route's schema: what is left is cross-row. */
export function ratesFromJson(rates: RateInput[]): UploadParse {
  return validate(rates.map((value, i) => ({ label: `rates.${i}`, value })));
}

function validate(rows: { label: string; value: unknown }[]): UploadParse {
  if (rows.length === 0) return { ok: false, errors: [{ path: "(body)", message: "holds no rates" }] };
  if (rows.length > MAX_RATES_PER_UPLOAD) {
    return { ok: false, errors: [{ path: "(body)", message: `holds more than ${MAX_RATES_PER_UPLOAD} rates` }] };
  }
  const errors: UploadError[] = [];
  const rates: RateInput[] = [];
  const seen = new Map<string, string>();
  for (const { label, value } of rows) {
    const parsed = RateInputSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ path: `${label}.${issue.path.join(".")}`, message: issue.message });
      continue;
    }
    const { date, base, quote } = parsed.data;
    const key = `${date} ${base}/${quote}`;
    const first = seen.get(key);
    // Two rates for one pair and day: which one is meant cannot be known, so neither is taken.
    if (first) errors.push({ path: label, message: `repeats ${base}/${quote} on ${date} (already on ${first})` });
    else seen.set(key, label);
    rates.push(parsed.data);
  }
  if (errors.length > 0) return { ok: false, errors: errors.slice(0, MAX_ERRORS) };
  return { ok: true, rates };
}
