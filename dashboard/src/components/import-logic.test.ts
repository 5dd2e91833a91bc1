import { describe, expect, it } from "vitest";
import {
  csvColumns,
  detectFormat,
  errorWords,
  formFromMapping,
  guessMapping,
  mappingFromForm,
  splitRecord,
  withoutLines,
} from "./import-logic";

describe("the import file's format", () => {
  it("goes by the extension, then by the content", () => {
    expect(detectFormat("statement.CSV", "")).toBe("csv");
    expect(detectFormat("bank.qfx", "")).toBe("ofx");
    expect(detectFormat("bank.qif", "")).toBe("qif");
    expect(detectFormat("download", "OFXHEADER:100\nDATA:OFXSGML")).toBe("ofx");
    expect(detectFormat("download", "!Type:Bank\nD01/02/2026")).toBe("qif");
    expect(detectFormat("download", "Date,Amount\n")).toBe("csv");
  });
});

describe("reading a CSV's columns in the browser", () => {
  it("understands quotes and guesses the separator", () => {
    expect(splitRecord('"Smith, J",12,"say ""hi"""', ",")).toEqual(["Smith, J", "12", 'say "hi"']);
    expect(
      csvColumns("Date;Text;Amount\n2026-01-01;x;1,5\n", { header: true, skipRows: 0, delimiter: "auto" }),
    ).toEqual(["Date", "Text", "Amount"]);
    expect(csvColumns("Bank export\nDate,Amount\n", { header: true, skipRows: 1, delimiter: "auto" })).toEqual([
      "Date",
      "Amount",
    ]);
    expect(csvColumns("2026-01-01,x,1\n", { header: false, skipRows: 0, delimiter: "," })).toEqual([
      "Column 1",
      "Column 2",
      "Column 3",
    ]);
  });
});

describe("the mapping", () => {
  it("is guessed from the column names and the first date", () => {
    const text = "Posted Date,Payee,Debit,Credit,Reference\n31/01/2026,Shop,12.00,,r1\n";
    const guess = guessMapping(["Posted Date", "Payee", "Debit", "Credit", "Reference"], text);
    expect(guess).toMatchObject({
      date: "Posted Date",
      dateFormat: "DD/MM/YYYY",
      description: "Payee",
      amountStyle: "split",
      debit: "Debit",
      credit: "Credit",
      id: "Reference",
    });
    expect(mappingFromForm(guess)).toEqual({
      header: true,
      skipRows: 0,
      delimiter: "auto",
      date: "Posted Date",
      dateFormat: "DD/MM/YYYY",
      description: "Payee",
      debit: "Debit",
      credit: "Credit",
      id: "Reference",
      invertSign: false,
      decimalSeparator: ".",
      thousandsSeparator: "",
    });
  });

  it("goes by position without a header row, and back", () => {
    const columns = ["Column 1", "Column 2", "Column 3"];
    const form = {
      ...guessMapping(columns),
      header: false,
      date: "Column 1",
      description: "Column 2",
      amount: "Column 3",
    };
    const mapping = mappingFromForm(form);
    expect(mapping).toMatchObject({ header: false, date: 0, description: 1, amount: 2 });
    expect(mapping.debit).toBeUndefined();
    expect(formFromMapping(mapping, columns)).toMatchObject({
      date: "Column 1",
      description: "Column 2",
      amount: "Column 3",
    });
  });

  it("shows a saved mapping's header names as the file spells them", () => {
    const form = formFromMapping(
      {
        header: true,
        skipRows: 0,
        delimiter: "auto",
        date: "date",
        dateFormat: "YYYY-MM-DD",
        amount: "AMOUNT",
        description: ["Description"],
        invertSign: true,
        decimalSeparator: ",",
        thousandsSeparator: ".",
      },
      ["Date", "Description", "Amount"],
    );
    expect(form).toMatchObject({
      date: "Date",
      amount: "Amount",
      description: "Description",
      amountStyle: "signed",
      invertSign: true,
    });
  });
});

describe("leaving out unreadable lines", () => {
  it("drops the records that start on those lines, quoted line breaks included", () => {
    const text = 'Date,Text,Amount\r\n2026-01-01,a,1\r\nbad,"two\r\nlines",x\r\n2026-01-02,b,2\r\n';
    expect(withoutLines(text, [3])).toBe("Date,Text,Amount\r\n2026-01-01,a,1\r\n2026-01-02,b,2\r\n");
    expect(withoutLines("a\nb\nc", [3])).toBe("a\nb\n");
  });

  it("says which line and why", () => {
    expect(errorWords({ line: 4, message: "the date is empty" })).toBe("Line 4: the date is empty");
    expect(errorWords({ line: null, message: "no rows" })).toBe("No rows");
  });
});
