/**
 * Budget vs actual: one horizontal bar per budget, how much of what was available for the
 * period is spent, with marks at 80 % (getting close) and 100 % (the budget). Over-budget
 * bars are in the danger colour. The same numbers are in the page's table.
 */
import * as Plot from "@observablehq/plot";
import { type BudgetRow, chartMax } from "./budgets-data.js";
import { money } from "./format.js";

const DANGER = "var(--tandem-danger)";
const NEAR = "var(--theme-yellow, #e8a317)";
const UNDER = "var(--theme-foreground-focus)";
const TRACK = "var(--theme-foreground-faintest)";

export function budgetsChart(rows: readonly BudgetRow[], { width }: { width: number }) {
  const max = chartMax(rows);
  const clamp = (value: number) => Math.min(Math.max(value, 0), max);
  const labels = rows.map((row) => row.label);
  const narrow = width < 560;
  const tip = (row: BudgetRow) =>
    `${row.label}\nSpent ${money(row.status.spent, row.status.currency)} of ${money(row.status.available, row.status.currency)}` +
    `\n${row.status.percent === null ? "Nothing available this period" : `${row.status.percent}% used`}`;
  return Plot.plot({
    width,
    height: Math.max(90, rows.length * (narrow ? 56 : 38) + 50),
    marginLeft: narrow ? 10 : 190,
    marginRight: 52,
    marginTop: narrow ? 24 : 10,
    ariaLabel: "Budget versus actual spending, as a share of each budget",
    x: {
      domain: [0, max],
      label: "Share of the budget spent (%) →",
      grid: false,
      ticks: [0, 50, 80, 100].filter((t) => t <= max),
    },
    y: { domain: labels, label: null, axis: narrow ? null : "left", tickSize: 0, padding: 0.35 },
    marks: [
      Plot.barX(rows, { y: "label", x1: 0, x2: max, fill: TRACK }),
      Plot.barX(
        rows.filter((row) => row.level !== "over"),
        {
          y: "label",
          x1: 0,
          x2: (row: BudgetRow) => clamp(row.barPercent),
          fill: (row: BudgetRow) => (row.level === "near" ? "near" : "under"),
        },
      ),
      Plot.barX(
        rows.filter((row) => row.level === "over"),
        { y: "label", x1: 0, x2: (row: BudgetRow) => clamp(row.barPercent), fill: DANGER },
      ),
      Plot.ruleX([80], { stroke: "currentColor", strokeDasharray: "4,3", strokeOpacity: 0.7 }),
      Plot.ruleX([100], { stroke: "currentColor", strokeWidth: 2 }),
      narrow
        ? Plot.text(rows, {
            y: "label",
            x: 0,
            text: "label",
            textAnchor: "start",
            dy: -16,
            fontWeight: 600,
          })
        : null,
      Plot.text(rows, {
        y: "label",
        x: (row: BudgetRow) => clamp(row.barPercent),
        text: (row: BudgetRow) =>
          row.status.percent === null ? (row.status.spent > 0 ? "over" : "—") : `${row.status.percent}%`,
        textAnchor: "start",
        dx: 4,
        fill: "currentColor",
      }),
      Plot.tip(
        rows,
        Plot.pointerY({ y: "label", x: (row: BudgetRow) => clamp(row.barPercent), title: tip, anchor: "bottom" }),
      ),
    ],
    color: { type: "categorical", domain: ["under", "near"], range: [UNDER, NEAR] },
  });
}
