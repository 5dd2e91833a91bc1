/**
 * The printable monthly report, drawn from the report's JSON and nothing else, so the
 * PDF and the API can never disagree. A4, PDFKit's built-in Helvetica (no font files).
 * The same JSON gives the same bytes: the document dates (and the file id PDFKit derives
 * from them) come from generatedAt, not the clock.
 */
import type { MonthlyReport, ReportBudget, ReportCategory } from "@tandem/shared";
import { formatMoney } from "@tandem/shared";
import PDFDocument from "pdfkit";
import { changeText, settleUpSentences } from "../domain/reports/text";

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;
const INK = "#1f2933";
const MUTED = "#616e7c";
const BAR_BACK = "#e4e7eb";
const BAR_FILL = "#3e7cb1";
const BAR_OVER = "#c0392b";

export function monthTitle(month: string): string {
  return new Date(`${month}-01T00:00:00Z`).toLocaleString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
}

const width = (doc: Doc) => doc.page.width - 2 * MARGIN;

/** Starts a new page when fewer than `height` points are left. */
function room(doc: Doc, height: number) {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function heading(doc: Doc, text: string) {
  room(doc, 60);
  doc.moveDown(0.8).font("Helvetica-Bold").fontSize(13).fillColor(INK).text(text, MARGIN, doc.y);
  doc.moveDown(0.3);
}

function line(doc: Doc, text: string, options: { muted?: boolean; indent?: number } = {}) {
  room(doc, 16);
  doc
    .font("Helvetica")
    .fontSize(10)
    .fillColor(options.muted ? MUTED : INK)
    .text(text, MARGIN + (options.indent ?? 0), doc.y, { width: width(doc) - (options.indent ?? 0) });
}

function title(doc: Doc, report: MonthlyReport) {
  doc.font("Helvetica-Bold").fontSize(20).fillColor(INK).text(report.householdName, MARGIN, MARGIN);
  doc
    .font("Helvetica")
    .fontSize(14)
    .text(`Monthly report: ${monthTitle(report.month)}`);
  const state = report.status === "live" ? "month in progress" : "kept report";
  line(
    doc,
    `${report.from} to ${report.to}, amounts in ${report.baseCurrency}. Generated ${report.generatedAt.slice(0, 10)} (${state}).`,
    {
      muted: true,
    },
  );
}

function headline(doc: Doc, report: MonthlyReport) {
  const { income, spending, net } = report.totals;
  const boxes = [
    ["Income", income],
    ["Spending", spending],
    ["Net", net],
  ] as const;
  doc.moveDown(1);
  const top = doc.y;
  const boxWidth = (width(doc) - 20) / 3;
  boxes.forEach(([label, amount], i) => {
    const x = MARGIN + i * (boxWidth + 10);
    doc.rect(x, top, boxWidth, 52).fill("#f5f7fa");
    doc
      .font("Helvetica")
      .fontSize(10)
      .fillColor(MUTED)
      .text(label, x + 10, top + 8, { width: boxWidth - 20 });
    doc
      .font("Helvetica-Bold")
      .fontSize(16)
      .fillColor(INK)
      .text(formatMoney(amount, report.baseCurrency), x + 10, top + 24, { width: boxWidth - 20 });
  });
  doc.y = top + 60;
  if (report.unconverted.count > 0) {
    line(
      doc,
      `${report.unconverted.count} transaction(s) had no exchange rate and are not in these totals: see "Not converted".`,
      { muted: true },
    );
  }
}

function budgetText(budget: ReportBudget | null, base: string): string {
  if (!budget) return "";
  if (budget.availableInBase === null) return `budget ${formatMoney(budget.available, budget.currency)} (no rate)`;
  const percent = budget.percent === null ? "" : ` (${budget.percent}%)`;
  return `of ${formatMoney(budget.availableInBase, base)}${percent}`;
}

function bar(doc: Doc, x: number, y: number, barWidth: number, share: number, over: boolean) {
  doc.rect(x, y, barWidth, 7).fill(BAR_BACK);
  const filled = Math.max(0, Math.min(1, share)) * barWidth;
  if (filled > 0) doc.rect(x, y, filled, 7).fill(over ? BAR_OVER : BAR_FILL);
}

function categoryRow(doc: Doc, row: Omit<ReportCategory, "children">, base: string, scale: number, indent: number) {
  room(doc, 18);
  const y = doc.y;
  const size = indent > 0 ? 9 : 10;
  const color = indent > 0 ? MUTED : INK;
  doc
    .font(indent > 0 ? "Helvetica" : "Helvetica-Bold")
    .fontSize(size)
    .fillColor(color);
  doc.text(row.name, MARGIN + indent, y, { width: 150 - indent, lineBreak: false, ellipsis: true });
  doc.font("Helvetica").text(formatMoney(row.spent, base), MARGIN + 150, y, { width: 80, align: "right" });
  doc.text(budgetText(row.budget, base), MARGIN + 240, y, { width: 120, lineBreak: false });
  const budget = row.budget?.availableInBase;
  const share = budget && budget > 0 ? row.spent / budget : scale > 0 ? row.spent / scale : 0;
  bar(doc, MARGIN + 370, y + 2, width(doc) - 370, share, row.budget?.over ?? false);
  doc.y = y + (indent > 0 ? 14 : 16);
}

function categoriesSection(doc: Doc, report: MonthlyReport) {
  heading(doc, "Spending by category");
  if (report.categories.length === 0) return line(doc, "No spending this month.", { muted: true });
  line(doc, "Bars: share of the monthly budget where there is one (red: over), else of the largest category.", {
    muted: true,
  });
  doc.moveDown(0.3);
  const scale = Math.max(...report.categories.map((c) => c.spent), 0);
  for (const category of report.categories) {
    categoryRow(doc, category, report.baseCurrency, scale, 0);
    for (const child of category.children) categoryRow(doc, child, report.baseCurrency, scale, 12);
  }
  if (report.overallBudget) {
    doc.moveDown(0.3);
    line(
      doc,
      `All spending: ${formatMoney(report.totals.spending, report.baseCurrency)} ${budgetText(report.overallBudget, report.baseCurrency)}`,
    );
  }
}

function merchantsSection(doc: Doc, report: MonthlyReport) {
  heading(doc, "Top merchants");
  if (report.topMerchants.length === 0) return line(doc, "None this month.", { muted: true });
  report.topMerchants.forEach((m, i) => {
    const visits = m.count === 1 ? "1 transaction" : `${m.count} transactions`;
    line(doc, `${i + 1}. ${m.merchant}: ${formatMoney(m.amount, report.baseCurrency)} (${visits})`);
  });
}

function goalsSection(doc: Doc, report: MonthlyReport) {
  heading(doc, "Goals");
  if (report.goals.length === 0) return line(doc, "No goals set.", { muted: true });
  for (const g of report.goals) {
    const deadline = g.deadline ? `, by ${g.deadline}` : "";
    const status = g.status.replace("_", " ");
    line(
      doc,
      `${g.name}: ${formatMoney(g.saved, g.currency)} of ${formatMoney(g.targetAmount, g.currency)} (${g.percent}%${deadline}, ${status})`,
    );
  }
}

function settleUpSection(doc: Doc, report: MonthlyReport) {
  heading(doc, `Settle up (as of ${report.settleUp.asOf})`);
  for (const sentence of settleUpSentences(report.settleUp)) line(doc, sentence);
}

function changesSection(doc: Doc, report: MonthlyReport) {
  const { changes, baseCurrency: base } = report;
  heading(doc, `Changes since ${monthTitle(changes.previousMonth)}`);
  line(doc, `Income: ${changeText(changes.income, base)}`);
  line(doc, `Spending: ${changeText(changes.spending, base)}`);
  line(doc, `Net: ${changeText(changes.net, base)}`);
  const list = (label: string, items: typeof changes.grew) => {
    if (items.length === 0) return;
    line(doc, `${label}: ${items.map((c) => `${c.name} ${changeText(c, base)}`).join("; ")}`);
  };
  list("Grew most", changes.grew);
  list("Shrank most", changes.shrank);
  if (changes.previousUnconverted > 0) {
    line(
      doc,
      `${changes.previousUnconverted} transaction(s) of the previous month had no rate; the comparison is partial.`,
      {
        muted: true,
      },
    );
  }
}

function currenciesSection(doc: Doc, report: MonthlyReport) {
  if (report.byCurrency.length < 2) return;
  heading(doc, "Each currency on its own");
  for (const c of report.byCurrency) {
    const f = (n: number) => formatMoney(n, c.currency);
    line(doc, `${c.currency}: income ${f(c.income)}, spending ${f(c.spending)}, net ${f(c.net)}`);
  }
}

function unconvertedSection(doc: Doc, report: MonthlyReport) {
  const { unconverted } = report;
  if (unconverted.count === 0) return;
  heading(doc, "Not converted");
  line(
    doc,
    `No ${report.baseCurrency} rate existed for these dates, so these amounts are left out of the totals above:`,
  );
  for (const c of unconverted.byCurrency) {
    const f = (n: number) => formatMoney(n, c.currency);
    line(doc, `${c.currency}: ${c.count} transaction(s), income ${f(c.income)}, spending ${f(c.spending)}`, {
      indent: 12,
    });
  }
  for (const t of unconverted.items) {
    line(doc, `${t.date}  ${t.description}  ${formatMoney(t.amount, t.currency)}`, { indent: 12, muted: true });
  }
  if (unconverted.count > unconverted.items.length) {
    line(doc, `and ${unconverted.count - unconverted.items.length} more.`, { indent: 12, muted: true });
  }
}

/** The report as PDF bytes. */
export function renderMonthlyReportPdf(report: MonthlyReport): Promise<Buffer> {
  const date = new Date(report.generatedAt);
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: {
      Title: `${report.householdName}: ${monthTitle(report.month)}`,
      Author: "Tandem",
      Subject: `Monthly report ${report.month}`,
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  title(doc, report);
  headline(doc, report);
  categoriesSection(doc, report);
  merchantsSection(doc, report);
  goalsSection(doc, report);
  settleUpSection(doc, report);
  changesSection(doc, report);
  currenciesSection(doc, report);
  unconvertedSection(doc, report);
  doc.end();
  return done;
}
