import { isIsoDate } from "@tandem/shared";
import { Ofx } from "ofx-data-extractor";
import { parseLooseAmount } from "./amounts";
import { clip, FileFormatError, MAX_DESCRIPTION, type ParsedRow, type ParseResult, type RowError } from "./types";

interface OfxTransaction {
  DTPOSTED?: string;
  TRNAMT?: string;
  FITID?: string;
  NAME?: string;
  PAYEE?: { NAME?: string } | string;
  MEMO?: string;
  CHECKNUM?: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** The library leaves SGML/XML character references as written. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const text = (value: unknown) => (typeof value === "string" ? decodeEntities(value).trim() : "");

/**
 * Where each <STMTTRN> starts and the amount exactly as written. ofx-data-extractor
 * gives the structure but no line numbers, and rewrites amounts with a comma in them
 * ("-1,200.00" becomes "-1.20000"), so both come from the raw text, in document order.
 */
function rawTransactions(source: string): { line: number; amount: string | null }[] {
  const found: { line: number; amount: string | null }[] = [];
  const pattern = /<STMTTRN>([\s\S]*?)(?=<\/STMTTRN>|<STMTTRN>|<\/BANKTRANLIST>|$)/gi;
  let line = 1;
  let scanned = 0;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    for (let i = scanned; i < match.index; i++) if (source.charCodeAt(i) === 10) line++;
    scanned = match.index;
    const amount = /<TRNAMT>\s*([^<\r\n]*)/i.exec(match[1] ?? "");
    found.push({ line, amount: amount ? (amount[1] ?? "").trim() : null });
  }
  return found;
}

/** OFX 1.x (SGML) and 2.x (XML), bank and credit-card statements; QFX is OFX with Intuit extras. */
export function parseOfx(source: string, accountCurrency: string): ParseResult {
  if (!/<OFX>/i.test(source))
    throw new FileFormatError("malformed_ofx", "The file is not OFX: it has no <OFX> element");
  let transactions: OfxTransaction[];
  try {
    const ofx = new Ofx(source, { nativeTypes: false });
    const listed = [...(ofx.getBankTransferList() ?? []), ...(ofx.getCreditCardTransferList() ?? [])];
    transactions = listed as unknown as OfxTransaction[];
  } catch {
    throw new FileFormatError("malformed_ofx", "The OFX file cannot be read: its structure is broken");
  }
  const currency = /<CURDEF>\s*([A-Za-z]{3})/i.exec(source)?.[1]?.toUpperCase() ?? null;
  const raw = rawTransactions(source);
  const aligned = raw.length === transactions.length;

  const rows: ParsedRow[] = [];
  const errors: RowError[] = [];
  transactions.forEach((t, i) => {
    const at = aligned ? raw[i]! : { line: null, amount: null };
    const problems: string[] = [];
    const date = (t.DTPOSTED ?? "").slice(0, 10);
    if (!isIsoDate(date)) problems.push(`DTPOSTED "${t.DTPOSTED ?? ""}" is not a date`);
    let amount = 0;
    const written = at.amount ?? t.TRNAMT ?? "";
    try {
      amount = parseLooseAmount(written, currency ?? accountCurrency);
    } catch (error) {
      problems.push(`TRNAMT: ${(error as Error).message}`);
    }
    const payee = text(typeof t.PAYEE === "object" ? t.PAYEE?.NAME : t.PAYEE);
    const name = text(t.NAME) || payee;
    const memo = text(t.MEMO);
    const description = name && memo && memo !== name ? `${name} - ${memo}` : name || memo || text(t.CHECKNUM);
    if (!description) problems.push("the transaction has neither NAME nor MEMO");
    if (problems.length > 0) {
      errors.push({ line: at.line, message: problems.join("; ") });
      return;
    }
    rows.push({
      line: at.line ?? 0,
      date,
      amount,
      description: clip(description, MAX_DESCRIPTION),
      merchant: null,
      externalId: text(t.FITID) || null,
    });
  });
  return { rows, errors, total: transactions.length, headers: null, currency };
}
