import { MoneyParseError, toMinorUnits } from "@tandem/shared";

export interface Separators {
  decimal: "." | ",";
  thousands: "" | "," | "." | " " | "'";
}

/**
 * A bank's written amount to signed minor units, digit by digit (never through a float).
 * Accepts currency symbols or codes around the number, "(12.34)" and "12.34-" for
 * negatives, and spaces (including no-break spaces) between digit groups.
 */
export function parseBankAmount(raw: string, currency: string, separators: Separators): number {
  let text = raw.trim();
  if (text === "") throw new MoneyParseError("the amount is empty");
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  // Symbols and ISO codes around the number: "$1,234.56", "1.234,56 EUR", "€ -5".
  text = text.replace(/^[^\d+\-.,]+|[^\d+\-.,]+$/gu, "").replace(/[\s\u00a0\u202f]/g, "");
  // Name what the bank wrote, not what is left once the symbols are gone.
  if (!/\d/.test(text)) throw new MoneyParseError(`"${raw}" is not an amount`);
  if (text.endsWith("-")) {
    negative = !negative;
    text = text.slice(0, -1);
  } else if (text.startsWith("-")) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.startsWith("+")) {
    text = text.slice(1);
  }
  if (separators.thousands && text.includes(separators.thousands)) {
    const groups = (text.split(separators.decimal)[0] ?? "").split(separators.thousands);
    if (!/^\d{1,3}$/.test(groups[0] ?? "") || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) {
      throw new MoneyParseError(`"${raw}" does not group its digits by "${separators.thousands}"`);
    }
    text = text.split(separators.thousands).join("");
  }
  if (separators.decimal === ",") {
    if (text.includes(".")) throw new MoneyParseError(`"${raw}" has a "." but the decimal separator is ","`);
    text = text.replace(",", ".");
  } else if (text.includes(",")) {
    throw new MoneyParseError(`"${raw}" has a "," but the decimal separator is "."`);
  }
  if (text.endsWith(".")) text = text.slice(0, -1);
  if (text.startsWith(".")) text = `0${text}`;
  const minor = toMinorUnits(text, currency);
  return negative && minor !== 0 ? -minor : minor;
}

/**
 * For formats with no declared separators (OFX, QIF): with both "." and "," the later one
 * is the decimal point; a lone "," followed by exactly three digits groups thousands
 * (US Quicken writes 1,234.56), otherwise it is a decimal comma (OFX allows one).
 */
export function parseLooseAmount(raw: string, currency: string): number {
  const text = raw.trim();
  const dot = text.lastIndexOf(".");
  const comma = text.lastIndexOf(",");
  if (dot >= 0 && comma >= 0) {
    return parseBankAmount(
      text,
      currency,
      dot > comma ? { decimal: ".", thousands: "," } : { decimal: ",", thousands: "." },
    );
  }
  if (comma >= 0) {
    const thousands = /,\d{3}$/.test(text) && !/^[-+(]?0,/.test(text);
    return parseBankAmount(
      text,
      currency,
      thousands ? { decimal: ".", thousands: "," } : { decimal: ",", thousands: "" },
    );
  }
  return parseBankAmount(text, currency, { decimal: ".", thousands: "" });
}
