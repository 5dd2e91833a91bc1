/**
 * The Settle-up page, live against the API: who owes whom per currency over a date range
 * (GET /settle-up), the transactions behind it, the settlements recorded (with undo), and
 * a form that records a settlement once per submission (an idempotency key kept across
 * retries of that submission).
 */
import { html } from "htl";
import type { Household } from "../shared/contract/auth.js";
import type { CreateSettlementBody, Settlement, SettleUp } from "../shared/contract/splits.js";
import { toDecimalString } from "../shared/money.js";
import { parseAmount } from "./budgets-data.js";
import { showErrors, submitting } from "./form.js";
import { money } from "./format.js";
import { ApiError, apiGet, apiSend, describeError } from "./live.js";
import type { Session } from "./session.js";
import {
  effectWords,
  headlines,
  type MemberName,
  memberName,
  memberParts,
  type Proposal,
  proposal,
} from "./settle-up-data.js";

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const day = (iso: string) => dateFormat.format(new Date(`${iso}T00:00:00Z`));

function todayLocal(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

function newKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

function refuse(path: string, message: string): never {
  throw new ApiError(422, "invalid_input", message, null, [{ path, message }]);
}

export function settleUpPage(session: Session): HTMLElement {
  const me = session.member.id;
  let household: Household | null = null;
  let data: SettleUp | null = null;
  let range = { from: "", to: "" };
  let loadCount = 0;
  /** The key of the submission being tried; kept until it succeeds, so a retry records it once. */
  let pendingKey: string | null = null;

  const notice = html`<p class="tandem-settle-notice" role="status"></p>`;
  const headlineBox = html`<div class="tandem-settle-headlines" data-testid="settle-up-headline" aria-live="polite"></div>`;
  const summary = html`<p class="tandem-muted"></p>`;
  const formBox = html`<div></div>`;
  const settlementsBox = html`<div></div>`;
  const itemsBox = html`<div></div>`;

  const rangeForm =
    html`<form class="tandem-filters tandem-settle-range tandem-controls" novalidate aria-label="Dates to include">
    <label>From <input type="date" name="from"></label>
    <label>To <input type="date" name="to"></label>
    <div class="tandem-actions">
      <button type="submit">Show</button>
      <button type="button" data-all-time>All time</button>
    </div>
    <p data-form-error role="alert"></p>
  </form>` as HTMLFormElement;

  const root = html`<div class="tandem-settle">
    ${rangeForm}
    ${notice}
    <section class="card tandem-settle-card" aria-labelledby="settle-headline-title">
      <h2 id="settle-headline-title">Where you stand</h2>
      ${headlineBox}
      ${summary}
    </section>
    <section class="card tandem-settle-card" aria-labelledby="settle-record-title">
      <h2 id="settle-record-title">Record a settlement</h2>
      <p class="tandem-muted">When one of you pays the other back, record it here so the balance goes down.</p>
      ${formBox}
    </section>
    <section aria-labelledby="settle-settlements-title">
      <h2 id="settle-settlements-title">Settlements recorded</h2>
      ${settlementsBox}
    </section>
    <section aria-labelledby="settle-items-title">
      <h2 id="settle-items-title">The transactions behind it</h2>
      ${itemsBox}
    </section>
  </div>` as HTMLElement;

  const members = (): MemberName[] => data?.members ?? household?.members ?? [];

  // ---- the range ----

  rangeForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = new FormData(rangeForm);
    const next = { from: String(values.get("from") ?? ""), to: String(values.get("to") ?? "") };
    await submitting(rangeForm, () => load(next), { busyLabel: "Loading…" });
  });
  rangeForm.querySelector<HTMLButtonElement>("[data-all-time]")?.addEventListener("click", async () => {
    rangeForm.reset();
    await submitting(rangeForm, () => load({ from: "", to: "" }), { busyLabel: "Loading…" });
  });

  // ---- loading ----

  /** Loads the range; throws (for the range form to show) when the API refuses it. */
  async function load(next = range): Promise<void> {
    const mine = ++loadCount;
    notice.textContent = "Loading…";
    try {
      household ??= await apiGet<Household>("/household");
      const result = await apiGet<SettleUp>("/settle-up", { from: next.from, to: next.to });
      if (mine !== loadCount) return;
      data = result;
      if (next !== range) shown = PAGE;
      range = next;
      notice.textContent = "";
      render();
    } catch (error) {
      if (mine === loadCount) notice.textContent = `Could not load the settle-up: ${describeError(error)}`;
      throw error;
    }
  }

  function render() {
    if (!data) return;
    const names = members();
    headlineBox.replaceChildren(
      ...headlines(data.balances, names).map((line) => html`<p class="tandem-settle-big">${line}</p>`),
    );
    const span =
      range.from || range.to ? `from ${range.from ? day(range.from) : "the start"} to ${day(data.to)}` : "all time";
    const counted = data.balances.reduce((sum, balance) => sum + balance.transactionCount, 0);
    summary.textContent = `Counting ${counted} shared transaction${counted === 1 ? "" : "s"} and ${data.settlements.length} settlement${
      data.settlements.length === 1 ? "" : "s"
    } (${span}).`;
    renderForm(proposal(data.balances, names, me, household?.baseCurrency ?? "USD"));
    renderSettlements(data.settlements);
    renderItems();
  }

  // ---- record a settlement ----

  function memberSelect(name: string, selected: string, id: string) {
    return html`<select name=${name} id=${id}>
      ${members().map((member) => html`<option value=${member.id} selected=${member.id === selected}>${member.displayName}</option>`)}
    </select>`;
  }

  function renderForm(proposed: Proposal) {
    pendingKey = null;
    const success = html`<span class="tandem-success" role="status"></span>`;
    const from = memberSelect("fromMemberId", proposed.fromMemberId, "settle-from") as HTMLSelectElement;
    const to = memberSelect("toMemberId", proposed.toMemberId, "settle-to") as HTMLSelectElement;
    const form = html`<form class="tandem-form tandem-settle-form" novalidate>
      <p data-form-error role="alert"></p>
      <label>Who paid ${from}</label>
      <label>Paid to ${to}</label>
      <label>Amount
        <input name="amount" inputmode="decimal" autocomplete="off"
          value=${proposed.amount === null ? "" : toDecimalString(proposed.amount, proposed.currency)}>
      </label>
      <label>Currency
        <input name="currency" value=${proposed.currency} maxlength="3" autocomplete="off" autocapitalize="characters" size="4">
      </label>
      <label>Date <input type="date" name="date" value=${todayLocal()}></label>
      <label>Note (optional) <input name="note" maxlength="500" autocomplete="off" placeholder="Bank transfer"></label>
      <div class="tandem-actions">
        <button type="submit" class="tandem-primary">Record settlement</button>
        ${success}
      </div>
    </form>` as HTMLFormElement;
    // Two members: whoever did not pay was paid.
    const other = (id: string) => members().find((member) => member.id !== id)?.id;
    from.addEventListener("change", () => {
      if (to.value === from.value) to.value = other(from.value) ?? to.value;
    });
    to.addEventListener("change", () => {
      if (to.value === from.value) from.value = other(to.value) ?? from.value;
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      success.textContent = "";
      const values = new FormData(form);
      pendingKey ??= newKey();
      const key = pendingKey;
      let body: CreateSettlementBody | undefined;
      const saved = await submitting(
        form,
        async () => {
          const currency = String(values.get("currency") ?? "")
            .trim()
            .toUpperCase();
          if (!/^[A-Z]{3}$/.test(currency)) refuse("currency", "Use a three-letter currency code, like USD");
          const amount = parseAmount(String(values.get("amount") ?? ""), currency);
          if (amount.minor === undefined) refuse("amount", amount.error ?? "Enter an amount");
          const note = String(values.get("note") ?? "").trim();
          body = {
            fromMemberId: String(values.get("fromMemberId")),
            toMemberId: String(values.get("toMemberId")),
            amount: amount.minor,
            currency,
            date: String(values.get("date") ?? "") || undefined,
            note: note || null,
            idempotencyKey: key,
          };
          return apiSend<Settlement>("POST", "/settlements", body);
        },
        { busyLabel: "Recording…" },
      );
      if (!saved) return;
      pendingKey = null;
      const names = members();
      const words = `${memberName(names, saved.fromMemberId)} paid ${memberName(names, saved.toMemberId)} ${money(saved.amount, saved.currency)}`;
      const replayed =
        body !== undefined &&
        (body.amount !== saved.amount || body.currency !== saved.currency || body.fromMemberId !== saved.fromMemberId);
      try {
        await load();
      } catch {
        // The notice says why; the settlement itself is recorded.
      }
      const message = replayed
        ? `This submission had already been recorded: ${words}. Nothing new was added.`
        : `Recorded: ${words}.`;
      notice.textContent = message;
    });
    formBox.replaceChildren(form);
  }

  // ---- settlements ----

  function renderSettlements(settlements: readonly Settlement[]) {
    if (!settlements.length) {
      settlementsBox.replaceChildren(html`<p class="tandem-empty">No settlements recorded in these dates.</p>`);
      return;
    }
    const names = members();
    const rows = settlements.map((settlement) => {
      const words = `${memberName(names, settlement.fromMemberId)} paid ${memberName(names, settlement.toMemberId)}`;
      const undo =
        html`<button type="button" aria-label=${`Undo: ${words} ${money(settlement.amount, settlement.currency)} on ${day(settlement.date)}`}>Undo</button>` as HTMLButtonElement;
      const error = html`<span class="tandem-field-error" role="alert"></span>`;
      undo.addEventListener("click", async () => {
        undo.disabled = true;
        error.textContent = "";
        try {
          await apiSend("DELETE", `/settlements/${settlement.id}`);
        } catch (failure) {
          undo.disabled = false;
          error.textContent = `Could not undo it: ${describeError(failure)}`;
          return;
        }
        try {
          await load();
        } catch {}
        notice.textContent = `Undone: ${words} ${money(settlement.amount, settlement.currency)}.`;
        root.querySelector<HTMLElement>("#settle-settlements-title")?.focus();
      });
      return html`<tr>
        <td class="tandem-nowrap">${day(settlement.date)}</td>
        <td>${words}</td>
        <td class="money">${money(settlement.amount, settlement.currency)}</td>
        <td>${settlement.note ?? ""}${settlement.transactionId ? html` <span class="badge">bank transfer</span>` : ""}</td>
        <td>${undo} ${error}</td>
      </tr>`;
    });
    settlementsBox.replaceChildren(html`<div class="tandem-scroll"><table class="tandem-table tandem-settle-table">
      <thead><tr>
        <th scope="col">Date</th><th scope="col">Who paid whom</th><th scope="col" class="money">Amount</th>
        <th scope="col">Note</th><th scope="col"><span class="tandem-visually-hidden">Undo</span></th>
      </tr></thead>
      <tbody>${rows}</tbody>
    </table></div>`);
  }

  // ---- transactions ----

  /** How many of the loaded transactions the table shows; "Show more" adds a page. */
  const PAGE = 25;
  let shown = PAGE;

  function renderItems() {
    if (!data) return;
    const names = members();
    if (!data.items.length) {
      itemsBox.replaceChildren(html`<p class="tandem-empty">No shared transactions in these dates.</p>`);
      return;
    }
    const memberIds = data.members.map((member) => member.id);
    const visible = data.items.slice(0, shown);
    const rows = visible.map((item) => {
      const parts = new Map(memberParts(item).map((part) => [part.memberId, part.amount]));
      const paidBy = item.payer.kind === "shared" ? "Joint account" : memberName(names, item.payer.memberId);
      return html`<tr>
        <td class="tandem-nowrap">${day(item.date)}</td>
        <td>${item.description}</td>
        <td>${paidBy}</td>
        <td class="money">${money(item.amount, item.currency)}</td>
        ${memberIds.map((id) => html`<td class="money">${money(parts.get(id) ?? 0, item.currency)}</td>`)}
        <td>${effectWords(item.effect, item.currency, names)}</td>
      </tr>`;
    });
    const more = html`<button type="button">Show ${Math.min(PAGE, data.items.length - visible.length)} more</button>`;
    more.addEventListener("click", () => {
      shown += PAGE;
      renderItems();
      itemsBox.querySelector<HTMLButtonElement>(".tandem-actions button")?.focus();
    });
    const counts =
      data.itemCount > visible.length
        ? `Showing the newest ${visible.length} of ${data.itemCount} transactions; the balance counts them all.`
        : `All ${data.itemCount} transaction${data.itemCount === 1 ? "" : "s"}.`;
    itemsBox.replaceChildren(
      html`<div>
        <p class="tandem-muted">Shared spending, and money one of you paid for both. Amounts are as the bank shows
          them (money out is negative); each part is what it cost that member.</p>
        <div class="tandem-scroll"><table class="tandem-table tandem-settle-table">
          <thead><tr>
            <th scope="col">Date</th><th scope="col">Description</th><th scope="col">Paid by</th>
            <th scope="col" class="money">Amount</th>
            ${data.members.map((member) => html`<th scope="col" class="money">${member.displayName}'s part</th>`)}
            <th scope="col">Effect</th>
          </tr></thead>
          <tbody>${rows}</tbody>
        </table></div>
        <div class="tandem-actions">
          <span class="tandem-muted" role="status">${counts}</span>
          ${visible.length < data.items.length ? more : ""}
        </div>
      </div>`,
    );
  }

  load().catch((error) => showErrors(rangeForm, error));
  return root;
}
