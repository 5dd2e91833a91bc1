/**
 * The dashboard's charts: `(data, {width, currency, ...}) => Plot.plot(...)`. Values stay in
 * minor units; axes and tips format them as money in `currency`. Colours are Framework's
 * theme variables or currentColor so that light and dark mode both read well.
 */
import * as Plot from "@observablehq/plot";
import type { CategorySpend, MerchantSpend, MonthlyFlow, NetWorthPoint, SeriesPoint } from "./aggregate.js";
import { money, moneyTick, monthDate, shortMonthLabel } from "./format.js";

interface ChartOptions {
  width: number;
  currency: string;
  title?: string;
  subtitle?: string;
}

/**
 * A time axis for monthly data: with few months, one tick per month (not days); with a
 * single month, a padded domain around its one tick.
 */
function monthAxis(months: Iterable<string>) {
  const dates = [...new Set(months)].sort().map(monthDate);
  if (dates.length === 1) {
    const only = dates[0]!.getTime();
    const day = 86_400_000;
    return {
      type: "utc" as const,
      label: null,
      domain: [new Date(only - 15 * day), new Date(only + 15 * day)],
      ticks: dates,
      tickFormat: "%b %Y",
    };
  }
  return { type: "utc" as const, label: null, ...(dates.length <= 12 ? { ticks: "month" as const } : {}) };
}

const FOCUS = "var(--theme-foreground-focus)";
const FAINT = "var(--theme-foreground-faint)";
const INCOME = "var(--tandem-income)";
const SPENDING = "var(--tandem-spending)";

interface SpendBar {
  label: string;
  spent: number;
  count: number;
}

/**
 * Horizontal bars of money spent, largest first, named by `labelName` in the tooltip.
 * The chart's value (Plot's pointer) is the hovered row, so a click can drill into it.
 */
function spendBars<Row extends SpendBar>(
  rows: readonly Row[],
  labelName: string,
  options: ChartOptions & { title: string },
) {
  const { width, currency, title, subtitle } = options;
  return Plot.plot({
    title,
    subtitle,
    width,
    height: Math.max(120, rows.length * 28 + 50),
    marginLeft: Math.min(200, Math.max(80, ...rows.map((d) => Math.min(d.label.length, 26) * 7 + 12))),
    marginRight: 20,
    x: { label: `Spent (${currency}) →`, grid: true, tickFormat: moneyTick(currency), nice: true },
    y: { label: null, domain: rows.map((d) => d.label), tickFormat: (name: string) => truncate(name, 26) },
    marks: [
      Plot.barX(rows, {
        x: "spent",
        y: "label",
        fill: FOCUS,
        channels: {
          [labelName]: { value: "label", label: labelName },
          Spent: { value: (d: SpendBar) => money(d.spent, currency), label: "Spent" },
          Transactions: { value: "count", label: "Transactions" },
        },
        tip: { format: { x: false, y: false, [labelName]: true, Spent: true, Transactions: true } },
      }),
      Plot.ruleX([0], { stroke: "currentColor" }),
    ],
  });
}

/** Spending per category or per subcategory. */
export function categoryBars(data: readonly CategorySpend[], options: ChartOptions) {
  const rows = data.map((d) => ({ ...d, label: d.name }));
  return spendBars(rows, "Category", {
    ...options,
    title: options.title ?? `Spending by category (${options.currency})`,
  });
}

/** Monthly income and spending as two lines (with dots, so a single month still shows). */
export function incomeVsExpense(
  data: readonly MonthlyFlow[],
  { width, currency, title = `Monthly income vs spending (${currency})`, subtitle }: ChartOptions,
) {
  const long = data.flatMap((d) => [
    { date: monthDate(d.month), month: d.month, kind: "Income", amount: d.income },
    { date: monthDate(d.month), month: d.month, kind: "Spending", amount: d.spending },
  ]);
  const byMonth = new Map(data.map((d) => [d.month, d]));
  const describe = (month: string) => {
    const d = byMonth.get(month)!;
    return [
      shortMonthLabel(month),
      `Income: ${money(d.income, currency)}`,
      `Spending: ${money(d.spending, currency)}`,
      `Net: ${money(d.income - d.spending, currency)}`,
    ].join("\n");
  };
  return Plot.plot({
    title,
    subtitle,
    width,
    height: 300,
    marginLeft: 60,
    x: monthAxis(data.map((d) => d.month)),
    y: { label: `${currency} per month`, grid: true, tickFormat: moneyTick(currency), nice: true, zero: true },
    color: { domain: ["Income", "Spending"], range: [INCOME, SPENDING], legend: true },
    marks: [
      Plot.ruleY([0], { stroke: FAINT }),
      Plot.lineY(long, { x: "date", y: "amount", stroke: "kind", strokeWidth: 2 }),
      Plot.dot(long, { x: "date", y: "amount", fill: "kind", r: 3 }),
      Plot.ruleX(data, Plot.pointerX({ x: (d: MonthlyFlow) => monthDate(d.month), stroke: FAINT })),
      Plot.tip(
        data,
        Plot.pointerX({
          x: (d: MonthlyFlow) => monthDate(d.month),
          y: (d: MonthlyFlow) => Math.max(d.income, d.spending),
          title: (d: MonthlyFlow) => describe(d.month),
        }),
      ),
    ],
  });
}

/** Sum of month-end balances over time, as an area under a line. */
export function netWorthChart(
  data: readonly NetWorthPoint[],
  { width, currency, title = `Net worth over time (${currency})`, subtitle }: ChartOptions,
) {
  const rows = data.map((d) => ({ ...d, date: monthDate(d.month) }));
  return Plot.plot({
    title,
    subtitle,
    width,
    height: 300,
    marginLeft: 60,
    x: monthAxis(rows.map((d) => d.month)),
    y: { label: `Balance (${currency})`, grid: true, tickFormat: moneyTick(currency), nice: true },
    marks: [
      Plot.areaY(rows, { x: "date", y: "balance", fill: FOCUS, fillOpacity: 0.15 }),
      Plot.lineY(rows, { x: "date", y: "balance", stroke: FOCUS, strokeWidth: 2 }),
      Plot.dot(rows, { x: "date", y: "balance", fill: FOCUS, r: rows.length === 1 ? 4 : 0 }),
      Plot.ruleY([0], { stroke: FAINT }),
      Plot.ruleX(rows, Plot.pointerX({ x: "date", stroke: FAINT })),
      Plot.tip(
        rows,
        Plot.pointerX({
          x: "date",
          y: "balance",
          title: (d: (typeof rows)[number]) =>
            `${shortMonthLabel(d.month)} (month end)\nBalance: ${money(d.balance, currency)}\nAccounts: ${d.accounts}`,
        }),
      ),
    ],
  });
}

/** Monthly spending per series (categories or subcategories), one line each. */
export function categoryTrend(
  data: readonly SeriesPoint[],
  series: readonly string[],
  { width, currency, title = `Monthly spending by category (${currency})`, subtitle }: ChartOptions,
) {
  const rows = data.map((d) => ({ ...d, date: monthDate(d.month) }));
  const single = new Set(rows.map((d) => d.month)).size === 1;
  return Plot.plot({
    title,
    subtitle,
    width,
    height: 320,
    marginLeft: 60,
    x: monthAxis(rows.map((d) => d.month)),
    y: { label: `Spent (${currency} per month)`, grid: true, tickFormat: moneyTick(currency), nice: true, zero: true },
    color: { domain: [...series], scheme: "observable10", legend: true },
    marks: [
      Plot.ruleY([0], { stroke: FAINT }),
      Plot.lineY(rows, { x: "date", y: "spent", z: "series", stroke: "series", strokeWidth: 2 }),
      Plot.dot(rows, { x: "date", y: "spent", fill: "series", r: single ? 4 : 2 }),
      Plot.tip(
        rows,
        Plot.pointer({
          x: "date",
          y: "spent",
          title: (d: (typeof rows)[number]) =>
            `${d.series}\n${shortMonthLabel(d.month)}\nSpent: ${money(d.spent, currency)}`,
        }),
      ),
    ],
  });
}

/** The merchants with the most money spent. */
export function merchantBars(data: readonly MerchantSpend[], options: ChartOptions) {
  const rows = data.map((d) => ({ ...d, label: d.merchant }));
  return spendBars(rows, "Merchant", { ...options, title: options.title ?? `Top merchants (${options.currency})` });
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** What a chart card shows when there is nothing to draw: the title, and why. */
export function emptyChart(title: string, message: string): HTMLElement {
  const figure = document.createElement("figure");
  const heading = document.createElement("h2");
  heading.textContent = title;
  const text = document.createElement("p");
  text.className = "tandem-empty";
  text.textContent = message;
  figure.append(heading, text);
  return figure;
}
