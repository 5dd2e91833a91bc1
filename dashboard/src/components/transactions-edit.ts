/**
 * The editor for one transaction: category, merchant, notes, who paid and the split, with
 * "why this category" and the resolved share in words. A side panel (not modal: nothing
 * is trapped), closed with its button or Escape; refused fields are shown next to their
 * control and every input is kept.
 */
import { html } from "htl";
import type { CategoryWhy, Transaction, TransactionDetail } from "../shared/contract/transactions.js";
import { toDecimalString } from "../shared/money.js";
import { clearErrors, submitting } from "./form.js";
import { money } from "./format.js";
import { ApiError, apiGet, apiSend } from "./live.js";
import { accountName, categorySelect, memberName, type TxContext } from "./transactions-context.js";
import {
  describePayer,
  describeSplit,
  SPLIT_SOURCE_WORDS,
  type SplitKind,
  splitInput,
  splitValues,
} from "./transactions-split.js";
import { shortDate } from "./transactions-table.js";

/** "why this category", in words. */
export function describeWhy(context: TxContext, why: CategoryWhy | null): string {
  if (!why) return "It has no category yet.";
  switch (why.source) {
    case "member":
      return `${why.memberName ?? (why.memberId ? memberName(context, why.memberId) : "A former member")} chose this category.`;
    case "rule":
      return why.ruleName
        ? `The rule “${why.ruleName}” chose this category.`
        : "A rule that has since been deleted chose it.";
    case "plaid":
      return `Your bank's feed suggested it${why.plaidCategory ? ` (its category: “${humanise(why.plaidCategory)}”)` : ""}${
        why.plaidConfidence ? `, with ${why.plaidConfidence.toLowerCase().replace(/_/g, " ")} confidence` : ""
      }.`;
  }
}

const humanise = (code: string) => code.toLowerCase().replace(/_/g, " ");

function shareSection(context: TxContext, detail: TransactionDetail): HTMLElement {
  const { share } = detail;
  return html`<section class="tx-share" aria-label="Whose money it is">
    <p>${describePayer(share.payer, context.members)}${share.payerSource === "account" ? " (the account's owner)" : ""}.
      ${describeSplit(share.split, context.members)} — ${SPLIT_SOURCE_WORDS[share.splitSource] ?? share.splitSource}.</p>
    <ul class="tx-parts">${share.parts.map(
      (p) =>
        html`<li><span>${memberName(context, p.memberId)}</span> <span class="money">${money(p.amount, detail.currency)}</span></li>`,
    )}</ul>
  </section>`;
}

function splitFields(context: TxContext, detail: TransactionDetail): HTMLElement {
  const values = splitValues(detail.split, (minor) => toDecimalString(minor, detail.currency));
  const kinds: [SplitKind, string][] = [
    ["default", "The default (account or category)"],
    ["equal", "Shared equally"],
    ["personal", "One person's alone"],
    ["percent", "By percentage"],
    ["exact", "Exact amounts"],
  ];
  const memberInputs = (kind: "percent" | "exact") =>
    context.members.map((member, index) => {
      const name = kind === "percent" ? `split.shares.${index}.percent` : `split.parts.${index}.amount`;
      const label = kind === "percent" ? `${member.displayName}'s percentage` : `${member.displayName}'s part`;
      return html`<label>${label}
        <input name=${name} data-member=${member.id} inputmode="decimal" autocomplete="off"
          value=${values.kind === kind ? (values.values[member.id] ?? "") : ""} />
      </label>`;
    });
  const section = html`<fieldset class="tx-split">
    <legend>Split</legend>
    <label>How it is shared
      <select name="split">${kinds.map(([value, words]) => html`<option value=${value} selected=${value === values.kind}>${words}</option>`)}</select>
    </label>
    <label data-kind="personal">Whose
      <select name="split.memberId">
        <option value="">The payer's</option>
        ${context.members.map((m) => html`<option value=${m.id} selected=${m.id === values.personalMemberId}>${m.displayName}'s</option>`)}
      </select>
    </label>
    <div data-kind="percent" data-field="split.shares" class="tx-split-members">${memberInputs("percent")}</div>
    <div data-kind="exact" data-field="split.parts" class="tx-split-members">
      ${memberInputs("exact")}
      <p class="tandem-muted tx-hint">Together the parts must make ${money(Math.abs(detail.amount), detail.currency)}.</p>
    </div>
  </fieldset>`;
  const kindSelect = section.querySelector<HTMLSelectElement>('select[name="split"]') as HTMLSelectElement;
  const sync = () => {
    for (const part of section.querySelectorAll<HTMLElement>("[data-kind]"))
      part.hidden = part.dataset.kind !== kindSelect.value;
  };
  kindSelect.addEventListener("change", sync);
  sync();
  return section;
}

export interface EditorHandlers {
  saved(transaction: Transaction): void;
  closed(): void;
}

/** Opens the panel for one transaction; it fetches the detail itself. */
export function transactionEditor(context: TxContext, id: string, handlers: EditorHandlers): HTMLElement {
  const panel = html`<section class="tx-editor card" role="dialog" aria-modal="false" aria-labelledby="tx-editor-title">
    <div class="tx-editor-head">
      <h2 id="tx-editor-title" tabindex="-1">Edit transaction</h2>
      <button type="button" class="tx-close">Close</button>
    </div>
    <div class="tx-editor-body"><p class="tandem-muted">Loading…</p></div>
  </section>`;
  const body = panel.querySelector(".tx-editor-body") as HTMLElement;
  const close = () => {
    document.removeEventListener("keydown", onKey);
    panel.remove();
    handlers.closed();
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === "Escape") close();
  };
  document.addEventListener("keydown", onKey);
  panel.querySelector(".tx-close")?.addEventListener("click", close);
  queueMicrotask(() => panel.querySelector<HTMLElement>("h2")?.focus());

  const render = (detail: TransactionDetail, notice = "") => {
    const form = html`<form class="tandem-form tx-edit-form" novalidate>
      <label>Category ${categorySelect(context, "categoryId", detail.categoryId, "No category")}</label>
      <label>Merchant <input name="merchant" value=${detail.merchant ?? ""} maxlength="200" autocomplete="off" /></label>
      <label>Notes <textarea name="notes" rows="2" maxlength="2000">${detail.notes ?? ""}</textarea></label>
      <label>Paid by
        <select name="payer">
          <option value="" selected=${!detail.payer}>The account's owner (default)</option>
          ${context.members.map(
            (m) =>
              html`<option value=${m.id} selected=${detail.payer?.kind === "member" && detail.payer.memberId === m.id}>${m.displayName}</option>`,
          )}
          <option value="shared" selected=${detail.payer?.kind === "shared"}>Joint money</option>
        </select>
      </label>
      ${splitFields(context, detail)}
      <p data-form-error role="alert"></p>
      <div class="tandem-actions">
        <button type="submit" class="tandem-primary">Save changes</button>
        <span class="tandem-success" role="status">${notice}</span>
      </div>
    </form>` as HTMLFormElement;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const status = form.querySelector(".tandem-success") as HTMLElement;
      status.textContent = "";
      const saved = await submitting(form, () => save(form, detail));
      if (!saved) return;
      handlers.saved(saved);
      const fresh = await apiGet<TransactionDetail>(`/transactions/${id}`);
      render(fresh, "Saved.");
    });
    body.replaceChildren(
      html`<div class="tx-editor-summary">
        <p><strong>${detail.merchant ?? detail.description}</strong> · ${shortDate(detail.date)} · ${accountName(context, detail.accountId)}
          ${detail.pending ? html`<span class="badge tx-pending-badge">Pending</span>` : ""}</p>
        ${detail.merchant && detail.merchant !== detail.description ? html`<p class="tandem-muted">${detail.description}</p>` : ""}
        <p class=${`tx-editor-amount money ${detail.amount < 0 ? "tx-out" : "tx-in"}`}>${money(detail.amount, detail.currency)}</p>
      </div>`,
      html`<section class="tx-why" aria-label="Why this category"><h3>Why this category</h3><p>${describeWhy(context, detail.why)}</p></section>`,
      shareSection(context, detail),
      form,
    );
  };

  const save = async (form: HTMLFormElement, detail: TransactionDetail): Promise<Transaction> => {
    clearErrors(form);
    const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    const patch: Record<string, unknown> = {};
    const categoryId = field("categoryId") || null;
    if (categoryId !== detail.categoryId) patch.categoryId = categoryId;
    const merchant = field("merchant").trim() || null;
    if (merchant !== detail.merchant) patch.merchant = merchant;
    const notes = field("notes").trim() ? field("notes") : null;
    if (notes !== detail.notes) patch.notes = notes;
    const payer = field("payer") || null;
    const before = detail.payer ? (detail.payer.kind === "shared" ? "shared" : detail.payer.memberId) : null;
    if (payer !== before) patch.payer = payer;
    const values: Record<string, string> = {};
    for (const input of form.querySelectorAll<HTMLInputElement>(`[data-kind="${field("split")}"] input[data-member]`)) {
      values[input.dataset.member as string] = input.value;
    }
    const split = splitInput(
      { kind: field("split") as SplitKind, personalMemberId: field("split.memberId"), values },
      context.members,
      detail.currency,
    );
    if ("errors" in split) throw new ApiError(422, "invalid_split", "Please correct the split.", null, split.errors);
    if (JSON.stringify(split.split) !== JSON.stringify(storedAsInput(detail))) patch.split = split.split;
    if (!Object.keys(patch).length) return detail;
    try {
      return await apiSend<Transaction>("PATCH", `/transactions/${id}`, patch);
    } catch (error) {
      throw inWords(error, detail.currency);
    }
  };

  apiGet<TransactionDetail>(`/transactions/${id}`)
    .then((detail) => render(detail))
    .catch((error) => {
      body.replaceChildren(
        html`<p role="alert" class="tandem-field-error">${error instanceof Error ? error.message : String(error)}</p>`,
      );
    });
  return panel;
}

/** The API counts split parts in minor units; a member reads money. */
export function inWords(error: unknown, currency: string): unknown {
  if (!(error instanceof ApiError)) return error;
  const words = (message: string) =>
    message.replace(
      /parts add up to (\d+) minor units, the transaction is (\d+)/,
      (_, parts: string, total: string) =>
        `The parts add up to ${money(Number(parts), currency)}, but the transaction is ${money(Number(total), currency)}`,
    );
  return new ApiError(
    error.status,
    error.code,
    words(error.message),
    error.requestId,
    error.fields.map((f) => ({ path: f.path, message: words(f.message) })),
  );
}

/** The stored split as the editor would send it, to tell whether the member changed it. */
function storedAsInput(detail: TransactionDetail): unknown {
  const split = detail.split;
  if (!split) return null;
  if (split.kind === "percent") {
    return {
      kind: "percent",
      shares: split.shares.map((s) => ({ memberId: s.memberId, percent: s.basisPoints / 100 })),
    };
  }
  return split;
}
