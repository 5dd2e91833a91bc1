/**
 * The Budgets page, live against the API: a month picker, budget vs actual (chart and
 * table, from GET /budgets/status), and forms to add, change and delete budgets.
 */
import { html } from "htl";
import type { Household } from "../shared/contract/auth.js";
import type {
  Budget,
  BudgetPeriod,
  BudgetStatus,
  CreateBudgetBody,
  UpdateBudgetBody,
} from "../shared/contract/budgets.js";
import type { Category } from "../shared/contract/categories.js";
import { toDecimalString } from "../shared/money.js";
import { budgetsChart } from "./budgets-chart.js";
import {
  type BudgetRow,
  budgetRows,
  categoryLabel,
  categoryOptions,
  isMonth,
  monthOf,
  PERIOD_LABELS,
  PERIOD_NOUNS,
  parseAmount,
  periodLabel,
  shiftMonth,
} from "./budgets-data.js";
import { submitting } from "./form.js";
import { money, monthLabel } from "./format.js";
import { ApiError, apiGet, apiSend, describeError } from "./live.js";

const PERIODS: BudgetPeriod[] = ["weekly", "monthly", "quarterly", "yearly"];

function amountOrRefuse(text: string, currency: string): number {
  const { minor, error } = parseAmount(text, currency);
  if (minor === undefined) {
    const message = error ?? "Enter an amount";
    throw new ApiError(422, "invalid_amount", message, null, [{ path: "amount", message }]);
  }
  return minor;
}

function statusWords(row: BudgetRow): string {
  const { status } = row;
  if (!status.active) return "Not active in this period";
  if (status.over) return `Over by ${money(status.spent - status.available, status.currency)}`;
  if (row.level === "near") return "Close to the limit";
  if (status.projectedOver) return "On track to go over";
  return "On track";
}

function periodOptions(selected: BudgetPeriod) {
  return PERIODS.map(
    (period) => html`<option value=${period} selected=${period === selected}>${PERIOD_LABELS[period]}</option>`,
  );
}

function categorySelect(categories: readonly Category[], selected: string | null, id: string) {
  return html`<select name="categoryId" id=${id}>
    <option value="" selected=${selected === null}>Everything (an overall budget)</option>
    ${categoryOptions(categories).map(
      (option) => html`<option value=${option.id} selected=${option.id === selected}>${option.label}</option>`,
    )}
  </select>`;
}

export function budgetsPage(): HTMLElement {
  let month = monthOf(new Date());
  let household: Household | null = null;
  let categories: Category[] = [];
  let budgets: Budget[] = [];
  let statuses: BudgetStatus[] = [];
  let rows: BudgetRow[] = [];
  let loadCount = 0;

  const monthInput = html`<input type="month" name="month" value=${month} required>` as HTMLInputElement;
  const previous = html`<button type="button">← Previous month</button>`;
  const next = html`<button type="button">Next month →</button>`;
  const thisMonth = html`<button type="button">This month</button>`;
  const notice = html`<p class="tandem-budgets-notice" role="status"></p>`;
  const chartTitle = html`<h2 id="budgets-chart-title">Budget vs actual</h2>`;
  const chartBox = html`<div class="tandem-budgets-chart"></div>`;
  const tableBox = html`<div class="tandem-scroll"></div>`;
  const editBox = html`<div class="tandem-budgets-edit"></div>`;
  const tableNote = html`<p class="tandem-muted tandem-budgets-legend"></p>`;
  const createBox = html`<div></div>`;

  const root = html`<div class="tandem-budgets">
    <div class="tandem-budgets-period tandem-controls" role="group" aria-label="Which month">
      ${previous}
      <label>Month ${monthInput}</label>
      ${next} ${thisMonth}
    </div>
    ${notice}
    <section class="card tandem-budgets-card" aria-labelledby="budgets-chart-title">
      ${chartTitle}
      ${chartBox}
      <p class="tandem-muted tandem-budgets-legend">
        Each bar is the share of the budget spent. The dashed line marks 80 %, the solid line 100 %; bars over
        budget are in red. With rollover, what was left (or overspent) last period is carried in and counts
        as available.
      </p>
    </section>
    <section aria-labelledby="budgets-table-title">
      <h2 id="budgets-table-title">The numbers</h2>
      ${tableNote}
      ${tableBox}
      ${editBox}
    </section>
    <section class="card tandem-budgets-card" aria-labelledby="budgets-create-title">
      <h2 id="budgets-create-title">Add a budget</h2>
      ${createBox}
    </section>
  </div>` as HTMLElement;

  const currency = () => household?.baseCurrency ?? "USD";
  const categoryById = () => new Map(categories.map((category) => [category.id, category]));

  // ---- the month ----

  function setMonth(value: string) {
    if (!isMonth(value) || value === month) return;
    month = value;
    monthInput.value = value;
    // A new budget starts in the month shown, unless the member chose a date themselves.
    const start = createBox.querySelector<HTMLInputElement>('input[name="startDate"]');
    if (start && !start.dataset.touched) start.value = `${month}-01`;
    void reload();
  }
  previous.addEventListener("click", () => setMonth(shiftMonth(month, -1)));
  next.addEventListener("click", () => setMonth(shiftMonth(month, 1)));
  thisMonth.addEventListener("click", () => setMonth(monthOf(new Date())));
  monthInput.addEventListener("change", () => setMonth(monthInput.value));

  // ---- loading ----

  async function reload(): Promise<void> {
    const mine = ++loadCount;
    notice.textContent = "Loading…";
    try {
      if (!household) {
        [household, categories] = await Promise.all([
          apiGet<Household>("/household"),
          apiGet<{ items: Category[] }>("/categories").then((list) => list.items),
        ]);
        renderCreate();
      }
      const [budgetList, statusList] = await Promise.all([
        apiGet<{ items: Budget[] }>("/budgets"),
        apiGet<{ date: string; items: BudgetStatus[] }>("/budgets/status", { period: month }),
      ]);
      if (mine !== loadCount) return;
      budgets = budgetList.items;
      statuses = statusList.items;
      rows = budgetRows(statuses, budgets, categories);
      notice.textContent = "";
      render();
    } catch (error) {
      if (mine !== loadCount) return;
      notice.textContent = `Could not load the budgets: ${describeError(error)}`;
    }
  }

  // ---- chart and table ----

  let lastWidth = 0;
  function drawChart() {
    const width = Math.max(280, Math.floor(chartBox.clientWidth || 640));
    lastWidth = width;
    const active = rows.filter((row) => row.status.active);
    chartBox.replaceChildren(
      active.length
        ? budgetsChart(active, { width })
        : html`<p class="tandem-empty">${budgets.length ? "No budget applies to this month." : "No budgets yet. Add one below."}</p>`,
    );
  }
  new ResizeObserver(() => {
    if (Math.abs((chartBox.clientWidth || 0) - lastWidth) > 8) drawChart();
  }).observe(chartBox);

  function render() {
    chartTitle.textContent = `Budget vs actual, ${monthLabel(month)}`;
    drawChart();
    tableBox.replaceChildren(rows.length ? table() : html`<p class="tandem-empty">No budgets to show.</p>`);
    tableNote.textContent = rows.length
      ? `Each budget in its period that contains the end of ${monthLabel(month)} (or today, for this month). Amounts in ${currency()}.`
      : "";
  }

  function table() {
    return html`<table class="tandem-table tandem-budgets-table">
      <caption class="tandem-visually-hidden">Budgets, ${monthLabel(month)}</caption>
      <thead>
        <tr>
          <th scope="col">Budget</th>
          <th scope="col">Period</th>
          <th scope="col" class="money">Budgeted</th>
          <th scope="col" class="money">Carried in</th>
          <th scope="col" class="money">Available</th>
          <th scope="col" class="money">Spent</th>
          <th scope="col" class="money">Left</th>
          <th scope="col" class="money">Used</th>
          <th scope="col" class="money">Projected</th>
          <th scope="col">Status</th>
          <th scope="col"><span class="tandem-visually-hidden">Actions</span></th>
        </tr>
      </thead>
      <tbody>${rows.map(tableRow)}</tbody>
    </table>`;
  }

  function tableRow(row: BudgetRow) {
    const { status } = row;
    const m = (minor: number) => money(minor, status.currency);
    const actions = html`<td class="tandem-budgets-actions"></td>` as HTMLElement;
    const showActions = () => {
      const edit = html`<button type="button" aria-label=${`Edit ${row.label}`}>Edit</button>`;
      const remove = html`<button type="button" aria-label=${`Delete ${row.label}`}>Delete</button>`;
      edit.addEventListener("click", () => openEdit(row, edit));
      remove.addEventListener("click", () => confirmDelete());
      actions.replaceChildren(edit, remove);
    };
    const confirmDelete = () => {
      const yes = html`<button type="button" class="tandem-danger-button">Yes, delete</button>` as HTMLButtonElement;
      const keep = html`<button type="button">Keep it</button>`;
      const question = html`<span role="alert">Delete this budget?</span>`;
      yes.addEventListener("click", async () => {
        yes.disabled = true;
        try {
          await apiSend("DELETE", `/budgets/${status.budgetId}`);
          notice.textContent = `Deleted the budget ${row.label}.`;
          await reload();
          notice.textContent = `Deleted the budget ${row.label}.`;
        } catch (error) {
          yes.disabled = false;
          question.textContent = `Could not delete it: ${describeError(error)}`;
        }
      });
      keep.addEventListener("click", () => {
        showActions();
        actions.querySelector("button")?.focus();
      });
      actions.replaceChildren(question, yes, keep);
      actions.addEventListener("keydown", (event) => {
        if ((event as KeyboardEvent).key === "Escape" && actions.contains(keep)) keep.click();
      });
      keep.focus();
    };
    showActions();
    return html`<tr data-budget-id=${status.budgetId} class=${`tandem-budget-${row.level}`}>
      <th scope="row">${row.label}</th>
      <td class="tandem-nowrap">${periodLabel(status.periodStart, status.periodEnd)}</td>
      <td class="money">${m(status.budgeted)}</td>
      <td class="money">${row.rollover ? m(status.rolloverIn) : html`<span class="tandem-muted">Off</span>`}</td>
      <td class="money">${m(status.available)}</td>
      <td class="money">${m(status.spent)}</td>
      <td class="money">${m(status.remaining)}</td>
      <td class="money">${status.percent === null ? "—" : `${status.percent}%`}</td>
      <td class="money">${m(status.projectedSpend)}</td>
      <td class=${row.level === "over" ? "tandem-budgets-over" : ""}>${statusWords(row)}</td>
      ${actions}
    </tr>`;
  }

  // ---- forms ----

  function renderCreate() {
    const firstOfMonth = `${month}-01`;
    const success = html`<span class="tandem-success" role="status"></span>`;
    const form = html`<form class="tandem-form tandem-budgets-form" novalidate>
      <p data-form-error role="alert"></p>
      <label>What it covers ${categorySelect(categories, null, "budget-create-category")}</label>
      <label>How often
        <select name="period">${periodOptions("monthly")}</select>
      </label>
      <label>Amount per period (${currency()})
        <input name="amount" inputmode="decimal" autocomplete="off" placeholder="500.00">
      </label>
      <label>Starts on
        <input type="date" name="startDate" value=${firstOfMonth}>
      </label>
      <label class="tandem-checkbox">
        <input type="checkbox" name="rollover">
        Carry what is left (or overspent) into the next period
      </label>
      <div class="tandem-actions">
        <button type="submit" class="tandem-primary">Add budget</button>
        ${success}
      </div>
    </form>` as HTMLFormElement;
    form.querySelector<HTMLInputElement>('input[name="startDate"]')?.addEventListener("input", (event) => {
      (event.target as HTMLInputElement).dataset.touched = "yes";
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      success.textContent = "";
      const data = new FormData(form);
      const created = await submitting(form, async () => {
        const body: CreateBudgetBody = {
          categoryId: (data.get("categoryId") as string) || null,
          period: data.get("period") as BudgetPeriod,
          amount: amountOrRefuse(String(data.get("amount") ?? ""), currency()),
          currency: currency(),
          startDate: String(data.get("startDate") ?? ""),
          endDate: null,
          rollover: data.get("rollover") === "on",
        };
        return apiSend<Budget>("POST", "/budgets", body);
      });
      if (!created) return;
      (form.elements.namedItem("amount") as HTMLInputElement).value = "";
      const label = categoryLabel(created.categoryId, categoryById());
      await reload();
      success.textContent = `Added: ${label}, ${money(created.amount, created.currency)} every ${PERIOD_NOUNS[created.period]}.`;
    });
    createBox.replaceChildren(form);
  }

  function openEdit(row: BudgetRow, opener: HTMLElement) {
    const budget = row.budget;
    if (!budget) return;
    const cancel = html`<button type="button">Cancel</button>`;
    const form = html`<form class="tandem-form tandem-budgets-form card" novalidate aria-labelledby="budget-edit-title">
      <h3 id="budget-edit-title">Change the budget: ${row.label}</h3>
      <p data-form-error role="alert"></p>
      <label>What it covers ${categorySelect(categories, budget.categoryId, "budget-edit-category")}</label>
      <label>How often
        <select name="period">${periodOptions(budget.period)}</select>
      </label>
      <label>Amount per period (${budget.currency})
        <input name="amount" inputmode="decimal" autocomplete="off" value=${toDecimalString(budget.amount, budget.currency)}>
      </label>
      <label class="tandem-checkbox">
        <input type="checkbox" name="rollover" checked=${budget.rollover}>
        Carry what is left (or overspent) into the next period
      </label>
      <div class="tandem-actions">
        <button type="submit" class="tandem-primary">Save changes</button>
        ${cancel}
      </div>
    </form>` as HTMLFormElement;
    const close = () => {
      editBox.replaceChildren();
      const again = tableBox.querySelector<HTMLElement>(`tr[data-budget-id="${CSS.escape(budget.id)}"] button`);
      (again ?? (opener.isConnected ? opener : null))?.focus();
    };
    cancel.addEventListener("click", close);
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape") close();
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const saved = await submitting(form, async () => {
        const body: UpdateBudgetBody = {
          categoryId: (data.get("categoryId") as string) || null,
          period: data.get("period") as BudgetPeriod,
          amount: amountOrRefuse(String(data.get("amount") ?? ""), budget.currency),
          rollover: data.get("rollover") === "on",
        };
        return apiSend<Budget>("PATCH", `/budgets/${budget.id}`, body);
      });
      if (!saved) return;
      await reload();
      close();
      notice.textContent = `Saved: ${categoryLabel(saved.categoryId, categoryById())}, ${money(saved.amount, saved.currency)} every ${PERIOD_NOUNS[saved.period]}.`;
    });
    editBox.replaceChildren(form);
    form.scrollIntoView({ block: "nearest" });
    form.querySelector<HTMLInputElement>('input[name="amount"]')?.focus();
  }

  void reload();
  return root;
}
