/** One transaction read from a file, before duplicate detection. */
export interface ParsedRow {
  /** 1-based line in the file where the record starts. */
  line: number;
  date: string;
  amount: number;
  description: string;
  merchant: string | null;
  /** The bank's own id (OFX FITID, a CSV id column), when the file has one. */
  externalId: string | null;
}

export interface RowError {
  line: number | null;
  message: string;
}

export interface ParseResult {
  rows: ParsedRow[];
  errors: RowError[];
  /** Rows seen, including those with errors. */
  total: number;
  headers: string[] | null;
  /** Currency the file declares (OFX CURDEF), to compare with the account's. */
  currency: string | null;
}

/** The file cannot be read at all (wrong format, mapping naming absent columns). */
export class FileFormatError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
  }
}

export const MAX_DESCRIPTION = 500;
export const MAX_MERCHANT = 200;

export const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);
