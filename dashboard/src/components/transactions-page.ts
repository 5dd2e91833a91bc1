/**
 * The Transactions page: filters (kept in the address bar), the sortable table over the
 * API's keyset pages ("Load more"), bulk categorising, the editor, and rule suggestions.
 */
import { html } from "htl";
import type { Transaction } from "../shared/contract/transactions.js";
import { showErrors } from "./form.js";
import { ApiError, apiGet, describeError } from "./live.js";
import { bulkForm } from "./transactions-bulk.js";
import { categorySelect, type TxContext } from "./transactions-context.js";
import { transactionEditor } from "./transactions-edit.js";
import {
  apiQuery,
  emptyFilters,
  type Filters,
  filtersFromSearch,
  filtersToSearch,
  nextSort,
  pendingFilter,
} from "./transactions-query.js";
import { suggestionsBox } from "./transactions-suggestions.js";
import { transactionRow, transactionsTable } from "./transactions-table.js";

const PAGE_SIZE = 50;

function filterForm(context: TxContext, filters: Filters): HTMLFormElement {
  const option = (value: string, words: string, selected: string) =>
    html`<option value=${value} selected=${value === selected}>${words}</option>`;
  return html`<form class="tandem-form tx-filters" role="search" aria-label="Filter transactions">
    <label>Search <input type="search" name="q" value=${filters.q} placeholder="Description or merchant" /></label>
    <label>From <input type="date" name="from" value=${filters.from} /></label>
    <label>To <input type="date" name="to" value=${filters.to} /></label>
    <label>Account
      <select name="accountId">${option("", "All accounts", filters.accountId)}${context.accounts.map((a) =>
        option(a.id, a.name, filters.accountId),
      )}</select>
    </label>
    <label>Category ${categorySelect(context, "categoryId", filters.categoryId, "All categories")}</label>
    <label>Paid by
      <select name="memberId">${option("", "Anyone", filters.memberId)}${context.members.map((m) =>
        option(m.id, m.displayName, filters.memberId),
      )}</select>
    </label>
    <label>Amount at least <input name="minAmount" inputmode="decimal" value=${filters.minAmount} placeholder="-100.00" /></label>
    <label>Amount at most <input name="maxAmount" inputmode="decimal" value=${filters.maxAmount} placeholder="0.00" /></label>
    <label class="tx-inline"><input type="checkbox" name="uncategorised" checked=${filters.uncategorised} /> Uncategorised only</label>
    <label>Status<select name="pending">
      <option value="" selected=${filters.pending === ""}>Pending and posted</option>
      <option value="true" selected=${filters.pending === "true"}>Pending only</option>
      <option value="false" selected=${filters.pending === "false"}>Posted only</option>
    </select></label>
    <p class="tandem-muted tx-hint">Money out is negative: “at least -50” finds spending of 50 or less.</p>
    <p data-form-error role="alert"></p>
    <div class="tandem-actions">
      <button type="submit" class="tandem-primary">Apply filters</button>
      <button type="reset">Clear filters</button>
    </div>
  </form>` as HTMLFormElement;
}

function readFilters(form: HTMLFormElement, current: Filters): Filters {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? "").trim();
  return {
    ...current,
    q: text("q"),
    from: text("from"),
    to: text("to"),
    accountId: text("accountId"),
    categoryId: text("categoryId"),
    memberId: text("memberId"),
    minAmount: text("minAmount"),
    maxAmount: text("maxAmount"),
    uncategorised: data.get("uncategorised") === "on",
    pending: pendingFilter(data.get("pending")),
  };
}

export function transactionsPage(context: TxContext): HTMLElement {
  let filters = filtersFromSearch(location.search);
  let items: Transaction[] = [];
  let cursor: string | null = null;
  let generation = 0;

  const suggestions = suggestionsBox();
  const status = html`<p class="tx-status" role="status" aria-live="polite"></p>`;
  const notice = html`<p class="tandem-success tx-notice" role="status"></p>`;
  const loadMore = html`<button type="button" class="tx-more" hidden>Load more</button>` as HTMLButtonElement;
  const tableSlot = html`<div class="tandem-scroll tx-scroll"></div>`;
  const editorSlot = html`<div class="tx-editor-slot"></div>`;
  let tbody: HTMLElement;
  let form = filterForm(context, filters);

  const selected = () => {
    const ids = new Set([...tableSlot.querySelectorAll<HTMLInputElement>("tbody input:checked")].map((i) => i.value));
    return items.filter((t) => ids.has(t.id));
  };

  const bulk = bulkForm(context, {
    selected,
    done(message) {
      notice.textContent = message;
      void reload();
      void suggestions.refresh();
    },
  });

  const handlers = {
    sort(column: Parameters<typeof nextSort>[1]) {
      notice.textContent = "";
      filters = nextSort(filters, column);
      history.replaceState(null, "", `${location.pathname}${filtersToSearch(filters)}`);
      void reload(column);
    },
    open(transaction: Transaction, opener: HTMLElement) {
      notice.textContent = "";
      for (const row of tbody.querySelectorAll("tr.tx-open-row")) row.classList.remove("tx-open-row");
      opener.closest("tr")?.classList.add("tx-open-row");
      const editor = transactionEditor(context, transaction.id, {
        saved(updated) {
          const index = items.findIndex((t) => t.id === updated.id);
          if (index >= 0) items[index] = updated;
          const row = tbody.querySelector(`tr[data-id="${CSS.escape(updated.id)}"]`);
          const fresh = transactionRow(context, updated, handlers);
          fresh.classList.add("tx-open-row");
          row?.replaceWith(fresh);
          void suggestions.refresh();
        },
        closed() {
          tbody.querySelector("tr.tx-open-row")?.classList.remove("tx-open-row");
          const again = tbody.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(transaction.id)}"] .tx-open`);
          (again ?? opener).focus();
        },
      });
      editorSlot.replaceChildren(editor);
    },
    selectionChanged() {
      bulk.update();
    },
  };

  async function fetchPage(): Promise<void> {
    const built = apiQuery(filters, context.currency, PAGE_SIZE);
    if ("errors" in built) throw new ApiError(400, "invalid_filter", "Please correct the filters", null, built.errors);
    const ticket = generation;
    const page = await apiGet<{ items: Transaction[]; nextCursor: string | null }>("/transactions", {
      ...built.query,
      cursor: cursor ?? undefined,
    });
    if (ticket !== generation) return;
    items.push(...page.items);
    for (const t of page.items) tbody.append(transactionRow(context, t, handlers));
    cursor = page.nextCursor;
    loadMore.hidden = !cursor;
    status.textContent = items.length
      ? `Showing ${items.length} transaction${items.length === 1 ? "" : "s"}${cursor ? "; more below" : ""}.`
      : "";
    if (!items.length)
      tbody.append(html`<tr><td colspan="7" class="tandem-empty">No transactions match these filters.</td></tr>`);
  }

  async function reload(focusSort?: string): Promise<void> {
    generation++;
    items = [];
    cursor = null;
    const table = transactionsTable(filters, handlers);
    tbody = table.querySelector("tbody") as HTMLElement;
    tableSlot.replaceChildren(table);
    bulk.update();
    loadMore.hidden = true;
    tableSlot.setAttribute("aria-busy", "true");
    try {
      await fetchPage();
    } catch (error) {
      showErrors(form, error);
      status.textContent = describeError(error);
    } finally {
      tableSlot.removeAttribute("aria-busy");
    }
    if (focusSort) {
      const index = ["date", "merchant", "category", "amount"].indexOf(focusSort);
      table.querySelectorAll<HTMLButtonElement>("button.tx-sort")[index]?.focus();
    }
  }

  loadMore.addEventListener("click", async () => {
    loadMore.disabled = true;
    loadMore.textContent = "Loading…";
    try {
      await fetchPage();
    } catch (error) {
      status.textContent = describeError(error);
    } finally {
      loadMore.disabled = false;
      loadMore.textContent = "Load more";
    }
  });

  const wire = (f: HTMLFormElement) => {
    f.addEventListener("submit", (event) => {
      event.preventDefault();
      notice.textContent = "";
      filters = readFilters(f, filters);
      history.replaceState(null, "", `${location.pathname}${filtersToSearch(filters)}`);
      void reload();
    });
    f.addEventListener("reset", (event) => {
      event.preventDefault();
      filters = { ...emptyFilters(), sort: filters.sort, order: filters.order };
      const fresh = filterForm(context, filters);
      wire(fresh);
      f.replaceWith(fresh);
      form = fresh;
      history.replaceState(null, "", `${location.pathname}${filtersToSearch(filters)}`);
      void reload();
    });
  };
  wire(form);

  const root = html`<div class="tx-page">
    ${suggestions.element}
    <details class="tx-filter-box" open>
      <summary>Filters</summary>
      ${form}
    </details>
    ${bulk.element}
    ${notice}
    ${status}
    <div class="tx-layout">${tableSlot}${editorSlot}</div>
    ${loadMore}
  </div>`;
  void reload();
  void suggestions.refresh();
  return root;
}
