/** Sentences the report prints, built from its JSON so the PDF says what the JSON says. */
import { formatMoney, type ReportChange, type ReportSettleUp } from "@tandem/shared";

export function settleUpSentences(settleUp: ReportSettleUp): string[] {
  const lines = settleUp.debts.map((d) => `${d.fromName} owes ${d.toName} ${formatMoney(d.amount, d.currency)}`);
  for (const currency of settleUp.settledCurrencies) lines.push(`All square in ${currency}`);
  return lines.length > 0 ? lines : ["All square: nobody owes anything"];
}

/** "+$12.34 (+5.2%)", "-$3.00", "no change". */
export function changeText(change: ReportChange, currency: string): string {
  if (change.change === 0) return "no change";
  const sign = change.change > 0 ? "+" : "-";
  const percent = change.percent === null ? "" : ` (${change.percent > 0 ? "+" : ""}${change.percent}%)`;
  return `${sign}${formatMoney(Math.abs(change.change), currency)}${percent}`;
}
