/** The Overview's headline numbers, as cards carrying their raw values for tests and tools. */
import { html } from "htl";
import type { CurrencyBalance } from "./aggregate.js";
import { money, percent } from "./format.js";

interface TileOptions {
  testid: string;
  title: string;
  value: string;
  note?: unknown;
  /** Raw value: minor units, or a ratio × 10000; left out when there is none. */
  minor?: number | null;
  currency?: string;
  className?: string;
}

export function tile({ testid, title, value, note, minor = null, currency, className = "" }: TileOptions): HTMLElement {
  const element = html`<div class="card tile" data-testid=${testid}>
    <h2>${title}</h2>
    <span class="big ${className}">${value}</span>
    ${note == null ? null : html`<small>${note}</small>`}
  </div>`;
  if (minor !== null && Number.isFinite(minor)) element.dataset.minor = String(minor);
  if (currency) element.dataset.currency = currency;
  return element;
}

/** Balance across all accounts per currency; the first entry (the base currency) is the headline. */
export function balanceTile(balances: readonly CurrencyBalance[], baseCurrency: string): HTMLElement {
  const [first, ...others] = balances;
  if (!first) {
    return tile({
      testid: "tile-balance",
      title: "Balance",
      value: "—",
      note: "No accounts yet",
      currency: baseCurrency,
    });
  }
  const element = tile({
    testid: "tile-balance",
    title: `Balance (${first.currency})`,
    value: money(first.balance, first.currency),
    note: `across ${first.accounts} account${first.accounts === 1 ? "" : "s"}`,
    minor: first.balance,
    currency: first.currency,
    className: first.balance < 0 ? "negative" : "",
  });
  if (others.length) {
    element.append(
      html`<ul aria-label="Balances in other currencies">${others.map(
        (entry) =>
          html`<li data-currency=${entry.currency} data-minor=${entry.balance}>${money(entry.balance, entry.currency)}
            <span class="tandem-muted">· ${entry.accounts} account${entry.accounts === 1 ? "" : "s"}</span></li>`,
      )}</ul>`,
    );
  }
  return element;
}

/** (income − spending) / income, "—" without income. */
export function savingsRateTile(income: number, spending: number, currency: string, note: string): HTMLElement {
  if (income <= 0) {
    return tile({
      testid: "tile-savings-rate",
      title: "Savings rate",
      value: "—",
      note: `No income ${note}`,
      currency,
    });
  }
  const rate = (income - spending) / income;
  return tile({
    testid: "tile-savings-rate",
    title: "Savings rate",
    value: percent(rate),
    note: `of income saved ${note}`,
    minor: Math.round(rate * 10_000),
    currency,
    className: rate < 0 ? "negative" : "",
  });
}

/** This month's spending against last month's, in percent with an arrow. */
export function spendingChangeTile(
  current: number,
  previous: number,
  currency: string,
  { hasCurrent, hasPrevious, previousLabel }: { hasCurrent: boolean; hasPrevious: boolean; previousLabel: string },
): HTMLElement {
  if (!hasCurrent || !hasPrevious || previous <= 0) {
    const why = !hasCurrent
      ? "No data for this month"
      : !hasPrevious
        ? `No data for ${previousLabel}`
        : `Nothing spent in ${previousLabel}`;
    return tile({ testid: "tile-spending-change", title: "Spending vs last month", value: "—", note: why, currency });
  }
  const change = (current - previous) / previous;
  const arrow = change > 0 ? "▲" : change < 0 ? "▼" : "■";
  return tile({
    testid: "tile-spending-change",
    title: "Spending vs last month",
    value: `${arrow} ${percent(Math.abs(change))}`,
    note: `${change > 0 ? "more" : change < 0 ? "less" : "the same"} than ${previousLabel} (${money(previous, currency)})`,
    minor: Math.round(change * 10_000),
    currency,
    className: change > 0 ? "tandem-up" : change < 0 ? "tandem-down" : "",
  });
}
