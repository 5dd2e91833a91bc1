import { type DateFormat, isIsoDate } from "@tandem/shared";

type Order = "ymd" | "dmy" | "mdy";

const ORDER: Record<DateFormat, Order> = {
  "YYYY-MM-DD": "ymd",
  "YYYY/MM/DD": "ymd",
  YYYYMMDD: "ymd",
  "DD/MM/YYYY": "dmy",
  "MM/DD/YYYY": "mdy",
  "DD.MM.YYYY": "dmy",
  "DD-MM-YYYY": "dmy",
  "MM-DD-YYYY": "mdy",
  "DD/MM/YY": "dmy",
  "MM/DD/YY": "mdy",
  "DD.MM.YY": "dmy",
};

export class DateParseError extends Error {}

/**
 * A bank's date in the given field order to YYYY-MM-DD. Separators are not checked
 * (banks mix them, QIF writes 3/ 2'26), single-digit days and months are fine, a
 * trailing time is ignored, and two-digit years are 1970–2069.
 */
export function parseBankDate(raw: string, format: DateFormat): string {
  const text = raw.trim();
  const order = ORDER[format];
  let y: string;
  let m: string;
  let d: string;
  const compact = /^(\d{4})(\d{2})(\d{2})(?:$|[T\s])/.exec(text);
  if (order === "ymd" && compact) {
    [, y = "", m = "", d = ""] = compact;
  } else {
    const parts = /^(\d{1,4})\s*[-./'\s]\s*(\d{1,2})\s*[-./'\s]\s*(\d{1,4})(?:$|[T\s,])/.exec(text);
    if (!parts) throw new DateParseError(`"${raw}" is not a date in ${format}`);
    const [, a = "", b = "", c = ""] = parts;
    if (order === "ymd") [y, m, d] = [a, b, c];
    else if (order === "dmy") [d, m, y] = [a, b, c];
    else [m, d, y] = [a, b, c];
  }
  if (y.length === 2) y = `${Number(y) < 70 ? "20" : "19"}${y}`;
  if (y.length !== 4 || d.length > 2 || m.length > 2) throw new DateParseError(`"${raw}" is not a date in ${format}`);
  const iso = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
  if (!isIsoDate(iso)) throw new DateParseError(`"${raw}" is not a calendar date in ${format}`);
  return iso;
}
