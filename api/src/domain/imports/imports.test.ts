import { readFileSync } from "node:fs";
import { CsvMappingSchema } from "@tandem/shared";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseBankAmount, parseLooseAmount } from "./amounts";
import { parseBankDate } from "./dates";
import { decodeText } from "./decode";
import { assignSourceIds, classify } from "./dedupe";
import { detectFormat, parseFile } from "./index";

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/imports/${name}`, import.meta.url));
const mapping = (m: Record<string, unknown>) => CsvMappingSchema.parse(m);
const ACCOUNT = "0b9a3c0e-6a52-4f1e-9a55-0e7f6a2f8c11";

describe("dates", () => {
  it.each([
    ["2026-03-02", "YYYY-MM-DD", "2026-03-02"],
    ["20260302", "YYYYMMDD", "2026-03-02"],
    ["3/2/2026", "MM/DD/YYYY", "2026-03-02"],
    ["02/03/2026", "DD/MM/YYYY", "2026-03-02"],
    ["02.03.26", "DD.MM.YY", "2026-03-02"],
    ["3/ 2'26", "MM/DD/YYYY", "2026-03-02"],
    ["2026-03-02 14:33:00", "YYYY-MM-DD", "2026-03-02"],
  ] as const)("%s in %s", (raw, format, iso) => expect(parseBankDate(raw, format)).toBe(iso));

  it.each([
    ["31/02/2026", "DD/MM/YYYY"],
    ["13/01/2026", "MM/DD/YYYY"],
    ["yesterday", "YYYY-MM-DD"],
  ] as const)("refuses %s in %s", (raw, format) => expect(() => parseBankDate(raw, format)).toThrow());
});

describe("amounts", () => {
  it("reads separators digit by digit", () => {
    expect(parseBankAmount("1.234,56", "EUR", { decimal: ",", thousands: "." })).toBe(123456);
    expect(parseBankAmount("-7,85", "EUR", { decimal: ",", thousands: "." })).toBe(-785);
    expect(parseBankAmount("$1,234.5", "USD", { decimal: ".", thousands: "," })).toBe(123450);
    expect(parseBankAmount("(12.34)", "USD", { decimal: ".", thousands: "" })).toBe(-1234);
    expect(parseBankAmount("12.34-", "USD", { decimal: ".", thousands: "" })).toBe(-1234);
    expect(parseBankAmount("1 234,56 €", "EUR", { decimal: ",", thousands: " " })).toBe(123456);
    expect(parseBankAmount("1'234.56", "CHF", { decimal: ".", thousands: "'" })).toBe(123456);
    expect(parseBankAmount("1500", "JPY", { decimal: ".", thousands: "" })).toBe(1500);
    expect(parseBankAmount("0.10", "USD", { decimal: ".", thousands: "" })).toBe(10);
  });

  it("refuses what it cannot read exactly", () => {
    expect(() => parseBankAmount("abc", "USD", { decimal: ".", thousands: "" })).toThrow('"abc" is not an amount');
    expect(() => parseBankAmount("12,34", "USD", { decimal: ".", thousands: "" })).toThrow(/decimal separator/);
    expect(() => parseBankAmount("1.234", "USD", { decimal: ".", thousands: "" })).toThrow(/decimal places/);
    expect(() => parseBankAmount("12,3456", "EUR", { decimal: ",", thousands: "." })).toThrow();
    expect(() => parseBankAmount("1.23.4,00", "EUR", { decimal: ",", thousands: "." })).toThrow(/group/);
    expect(() => parseBankAmount("", "USD", { decimal: ".", thousands: "" })).toThrow(/empty/);
    expect(() => parseBankAmount("abc", "USD", { decimal: ".", thousands: "" })).toThrow();
  });

  it("guesses separators for OFX and QIF", () => {
    expect(parseLooseAmount("-1,200.00", "USD")).toBe(-120000);
    expect(parseLooseAmount("1.234,56", "EUR")).toBe(123456);
    expect(parseLooseAmount("-12,50", "EUR")).toBe(-1250);
    expect(parseLooseAmount("1,234", "USD")).toBe(123400);
  });
});

describe("encodings", () => {
  it("reads UTF-8 with a BOM, UTF-16 with a BOM and Windows-1252", () => {
    const text = "Date,Description\n2026-03-02,Café Müller €5\n";
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({
      text,
      encoding: "utf-8",
    });
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, "utf-16le")])).text).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, "utf-16be")])).text).toBe(text);
    expect(decodeText(iconv.encode(text, "windows-1252"))).toEqual({ text, encoding: "windows-1252" });
    expect(decodeText(Buffer.from(text)).encoding).toBe("utf-8");
  });
});

describe("detecting the format", () => {
  it("tells OFX, QIF and CSV apart", () => {
    expect(detectFormat(fixture("chase-sgml.ofx").toString())).toBe("ofx");
    expect(detectFormat(fixture("card-xml.qfx").toString())).toBe("ofx");
    expect(detectFormat(fixture("bank.qif").toString())).toBe("qif");
    expect(detectFormat(fixture("us-bank.csv").toString())).toBe("csv");
  });
});

describe("bank CSVs", () => {
  it("a US bank: MM/DD/YYYY, signed amounts, quoted thousands", () => {
    const { result, encoding } = parseFile(fixture("us-bank.csv"), {
      currency: "USD",
      mapping: mapping({
        date: "Posting Date",
        dateFormat: "MM/DD/YYYY",
        amount: "Amount",
        description: "Description",
        thousandsSeparator: ",",
      }),
    });
    expect(encoding).toBe("utf-8");
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.date, r.amount])).toEqual([
      [2, "2026-03-02", -4217],
      [3, "2026-03-05", 250000],
      [4, "2026-03-09", -350],
      [5, "2026-03-09", -350],
      [6, "2026-03-10", -120000],
      [7, "2026-03-12", -2799],
    ]);
    expect(result.rows[5]!.description).toBe("AMAZON MKTPLACE PMTS, AMZN.COM/BILL WA");
    expect(result.headers).toContain("Posting Date");
  });

  it("a German bank: Latin-1, ';', preamble, DD.MM.YYYY, decimal comma and thousands dot", () => {
    const { result, encoding } = parseFile(fixture("de-bank.csv"), {
      currency: "EUR",
      mapping: mapping({
        skipRows: 3,
        date: "Buchungstag",
        dateFormat: "DD.MM.YYYY",
        amount: "Betrag",
        decimalSeparator: ",",
        thousandsSeparator: ".",
        description: ["Auftraggeber/Empfänger", "Verwendungszweck"],
        merchant: "Auftraggeber/Empfänger",
      }),
    });
    expect(encoding).toBe("windows-1252");
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.date, r.amount, r.description])).toEqual([
      [5, "2026-03-02", -785, "Bäckerei Müller GmbH Brötchen und Kaffee"],
      [6, "2026-03-03", 324500, "Arbeitgeber AG Gehalt März 2026"],
      [7, "2026-03-05", -115000, "Wohnungsbaugenossenschaft Köln eG Miete Straße 12"],
      [8, "2026-03-12", -6430, "REWE Markt Einkauf; Filiale Düsseldorf"],
    ]);
    expect(result.rows[0]!.merchant).toBe("Bäckerei Müller GmbH");
  });

  it("a UK bank: BOM, Paid out / Paid in, quoted commas and quotes, CRLF, trailing blank lines", () => {
    const { result } = parseFile(fixture("uk-bank.csv"), {
      currency: "GBP",
      mapping: mapping({
        date: "Date",
        dateFormat: "DD/MM/YYYY",
        debit: "Paid out",
        credit: "Paid in",
        thousandsSeparator: ",",
        description: "Description",
      }),
    });
    expect(result.errors).toEqual([]);
    expect(result.total).toBe(4);
    expect(result.rows.map((r) => [r.line, r.date, r.amount, r.description])).toEqual([
      [2, "2026-03-01", -2345, "TESCO STORES 2041, LONDON"],
      [3, "2026-03-02", 210000, "SALARY, ACME LTD"],
      [4, "2026-03-03", -3820, 'THAMES WATER "DIRECT DEBIT"'],
      [5, "2026-03-04", -125000, "RENT MARCH"],
    ]);
  });

  it("reports each bad row with its line, and keeps reading", () => {
    const text =
      "Date,Amount,Memo\n2026-03-01,1.00,ok\n2026-02-30,2.00,bad date\n2026-03-02,abc,bad amount\n2026-03-03,3.00,\n";
    const { result } = parseFile(Buffer.from(text), {
      currency: "USD",
      mapping: mapping({ date: "Date", amount: "Amount", description: "Memo" }),
    });
    expect(result.rows).toHaveLength(1);
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(result.errors[0]!.message).toMatch(/2026-02-30/);
  });

  it("reads a file with no header by column index, with inverted signs and a bank id column", () => {
    const text = "02/03/2026;12,50;Card payment;TX-1\n03/03/2026;-100,00;Refund;TX-2\n";
    const { result } = parseFile(Buffer.from(text), {
      currency: "EUR",
      mapping: mapping({
        header: false,
        date: 0,
        dateFormat: "DD/MM/YYYY",
        amount: 1,
        decimalSeparator: ",",
        invertSign: true,
        description: 2,
        id: 3,
      }),
    });
    expect(result.rows.map((r) => [r.amount, r.externalId])).toEqual([
      [-1250, "TX-1"],
      [10000, "TX-2"],
    ]);
  });

  it("names the missing column and refuses an unclosed quote", () => {
    expect(() =>
      parseFile(fixture("us-bank.csv"), {
        currency: "USD",
        mapping: mapping({ date: "When", amount: "Amount", description: "Description" }),
      }),
    ).toThrow(/"When" is not in the header/);
    expect(() =>
      parseFile(Buffer.from('Date,Amount,Memo\n2026-03-01,1.00,"open\n'), {
        currency: "USD",
        mapping: mapping({ date: "Date", amount: "Amount", description: "Memo" }),
      }),
    ).toThrow(/never closed/);
    expect(() => parseFile(fixture("us-bank.csv"), { currency: "USD" })).toThrow(/Posting Date/);
  });
});

describe("OFX", () => {
  it("reads SGML OFX 1.x with FITIDs, entities, and a thousands comma the library would mangle", () => {
    const { result, format } = parseFile(fixture("chase-sgml.ofx"), { currency: "USD" });
    expect(format).toBe("ofx");
    expect(result.currency).toBe("USD");
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.date, r.amount, r.description, r.externalId])).toEqual([
      [39, "2026-03-02", -4217, "TRADER JOE'S #552 - POS PURCHASE", "2026030200001"],
      [47, "2026-03-05", 250000, "ACME CORP PAYROLL", "2026030500002"],
      [54, "2026-03-10", -120000, "RENT & UTILITIES - CHECK 1042", "2026031000003"],
    ]);
  });

  it("reads XML OFX 2.x credit-card statements (QFX)", () => {
    const { result } = parseFile(fixture("card-xml.qfx"), { currency: "USD" });
    expect(result.rows.map((r) => [r.line, r.date, r.amount, r.externalId])).toEqual([
      [22, "2026-03-03", -1899, "320260303000001"],
      [29, "2026-03-07", 25000, "320260307000002"],
    ]);
  });

  it("refuses a file that is not OFX", () => {
    expect(() => parseFile(Buffer.from("hello"), { currency: "USD", format: "ofx" })).toThrow(/not OFX/);
  });
});

describe("QIF", () => {
  it("reads a bank QIF, exact amounts with thousands commas, apostrophe years", () => {
    const { result, format } = parseFile(fixture("bank.qif"), { currency: "USD" });
    expect(format).toBe("qif");
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => [r.line, r.date, r.amount, r.description])).toEqual([
      [2, "2026-03-01", -123456, "City Property Management - March rent"],
      [7, "2026-03-04", 250000, "Acme Payroll"],
      [13, "2026-03-07", -1899, "Netflix"],
    ]);
  });

  it("reports a record without an amount at its line", () => {
    const { result } = parseFile(Buffer.from("!Type:CCard\nD03/01/2026\nPShop\n^\n"), { currency: "USD" });
    expect(result.errors).toEqual([{ line: 2, message: expect.stringMatching(/no T/) }]);
  });

  it("refuses investment accounts", () => {
    expect(() => parseFile(Buffer.from("!Type:Invst\nD03/01/2026\n^\n"), { currency: "USD" })).toThrow(/not supported/);
  });
});

describe("duplicates", () => {
  const row = (over: Partial<{ date: string; amount: number; description: string; externalId: string | null }>) => ({
    line: 1,
    date: "2026-03-09",
    amount: -350,
    description: "STARBUCKS",
    merchant: null,
    externalId: null,
    ...over,
  });

  it("keeps two identical rows of one file apart, and gives the same ids on re-import", () => {
    const rows = [row({}), row({})];
    const first = assignSourceIds(ACCOUNT, rows);
    expect(first[0]!.sourceId).not.toBe(first[1]!.sourceId);
    expect(assignSourceIds(ACCOUNT, rows)).toEqual(first);
    expect(assignSourceIds(ACCOUNT, [row({ externalId: "F1" })])[0]!.sourceId).toBe(`${ACCOUNT}:F1`);
  });

  it("matches stored source ids, then existing rows one for one, then repeats within the file", () => {
    const rows = assignSourceIds(ACCOUNT, [row({ externalId: "A" }), row({}), row({}), row({ externalId: "A" })]);
    const existing = [
      { source: "csv", sourceId: `${ACCOUNT}:A`, date: "2026-03-09", amount: -350, description: "starbucks" },
      { source: "manual", sourceId: "m1", date: "2026-03-09", amount: -350, description: "Starbucks " },
    ];
    expect(classify("csv", rows, existing).map((r) => r.duplicate)).toEqual([
      "source_id",
      "existing",
      null,
      "source_id",
    ]);
    expect(classify("csv", rows, []).map((r) => r.duplicate)).toEqual([null, null, null, "in_file"]);
  });
});
