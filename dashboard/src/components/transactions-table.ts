/**
 * The transactions table: sort buttons in the headers (with aria-sort), a checkbox per row
 * for bulk actions, and the description as a button that opens the editor.
 */
import { html } from "htl";
import type { Transaction } from "../shared/contract/transactions.js";
import { money } from "./format.js";
import { accountName, categoryName, paidBy, type TxContext } from "./transactions-context.js";
import type { Filters, Sort } from "./transactions-query.js";

export interface TableHandlers {
  sort(column: Sort): void;
  open(transaction: Transaction, opener: HTMLElement): void;
  selectionChanged(): void;
}

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
export const shortDate = (iso: string) => dateFormat.format(new Date(`${iso}T00:00:00Z`));

function header(label: string, column: Sort, filters: Filters, handlers: TableHandlers, className = "") {
  const active = filters.sort === column;
  const sort = active ? (filters.order === "asc" ? "ascending" : "descending") : "none";
  const arrow = active ? (filters.order === "asc" ? "↑" : "↓") : "↕";
  // Listeners, not htl's on…=${fn}: htl sets those as attributes first, which the CSP refuses.
  const cell = html`<th class=${className} aria-sort=${sort} scope="col">
    <button type="button" class="tx-sort">
      ${label} <span aria-hidden="true" class="tx-sort-arrow">${arrow}</span>
    </button>
  </th>`;
  cell.querySelector("button")!.addEventListener("click", () => handlers.sort(column));
  return cell;
}

export function transactionRow(context: TxContext, t: Transaction, handlers: TableHandlers): HTMLElement {
  const title = t.merchant ?? t.description;
  const row = html`<tr data-id=${t.id} class=${t.pending ? "tx-pending" : ""}>
    <td class="tx-check">
      <input type="checkbox" value=${t.id} aria-label=${`Select ${title} on ${shortDate(t.date)}`} />
    </td>
    <td class="tx-date">${shortDate(t.date)}</td>
    <td class="tx-desc">
      <button type="button" class="tx-open" title="Edit this transaction">${title}</button>
      ${t.merchant && t.merchant !== t.description ? html`<div class="tandem-muted tx-sub">${t.description}</div>` : ""}
      ${t.pending ? html`<span class="badge tx-pending-badge">Pending</span>` : ""}
    </td>
    <td class="tx-category">${
      t.categoryId ? categoryName(context, t.categoryId) : html`<span class="tandem-muted">Uncategorised</span>`
    }</td>
    <td>${accountName(context, t.accountId)}</td>
    <td>${paidBy(context, t)}</td>
    <td class=${`money ${t.amount < 0 ? "tx-out" : "tx-in"}`}>${money(t.amount, t.currency)}</td>
  </tr>`;
  row.querySelector("input")!.addEventListener("change", () => handlers.selectionChanged());
  const opener = row.querySelector<HTMLButtonElement>(".tx-open") as HTMLButtonElement;
  opener.addEventListener("click", () => handlers.open(t, opener));
  row.addEventListener("click", (event) => {
    const target = event.target as HTMLElement;
    if (target.closest("button, input, a, label")) return;
    handlers.open(t, opener);
  });
  return row;
}

export function transactionsTable(filters: Filters, handlers: TableHandlers): HTMLTableElement {
  return html`<table class="tandem-table tx-table">
    <caption class="tandem-muted tx-caption">Transactions, ${describeSort(filters)}. Choose a description to edit it.</caption>
    <thead><tr>
      <th class="tx-check" scope="col"><span class="tx-visually-hidden">Select</span></th>
      ${header("Date", "date", filters, handlers)}
      ${header("Description", "merchant", filters, handlers)}
      ${header("Category", "category", filters, handlers)}
      <th scope="col">Account</th>
      <th scope="col">Paid by</th>
      ${header("Amount", "amount", filters, handlers, "money")}
    </tr></thead>
    <tbody></tbody>
  </table>` as HTMLTableElement;
}

const SORT_WORDS: Record<Sort, [string, string]> = {
  date: ["oldest first", "newest first"],
  amount: ["lowest amount first", "highest amount first"],
  merchant: ["by description A to Z", "by description Z to A"],
  category: ["by category A to Z", "by category Z to A"],
};

export function describeSort(filters: Filters): string {
  const [asc, desc] = SORT_WORDS[filters.sort];
  return filters.order === "asc" ? asc : desc;
}
