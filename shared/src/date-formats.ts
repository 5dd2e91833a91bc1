/**
 * Field order and separators a bank writes dates in; one or two digit days/months are
 * accepted. Plain data without zod, so the dashboard's browser code can use it too.
 */
export const DATE_FORMATS = [
  "YYYY-MM-DD",
  "YYYY/MM/DD",
  "YYYYMMDD",
  "DD/MM/YYYY",
  "MM/DD/YYYY",
  "DD.MM.YYYY",
  "DD-MM-YYYY",
  "MM-DD-YYYY",
  "DD/MM/YY",
  "MM/DD/YY",
  "DD.MM.YY",
] as const;
