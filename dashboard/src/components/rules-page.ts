/**
 * The Rules page: the household's rules in the order they run, moved up and down within
 * their stage, created and edited in a form with a preview of what they would change before
 * saving, turned on and off, deleted after a confirmation; and rules suggested from the
 * categories members chose by hand.
 */
import type { Account } from "../shared/contract/accounts.js";
import type { Household } from "../shared/contract/auth.js";
import type { Category } from "../shared/contract/categories.js";
import type {
  ApplyRulesResult,
  CreateRuleBody,
  Rule,
  RuleAction,
  RulePreview,
  RuleSuggestion,
} from "../shared/contract/rules.js";
import { clearErrors, showErrors } from "./form.js";
import { money } from "./format.js";
import { ApiError, apiGet, apiSend, describeError } from "./live.js";
import {
  bodyOf,
  type ConditionDraft,
  type ConditionField,
  type ConditionOp,
  DraftError,
  draftOf,
  emptyCondition,
  emptyDraft,
  FIELD_LABELS,
  formPaths,
  moved,
  type Names,
  OP_LABELS,
  OPS_BY_FIELD,
  type RuleDraft,
  runOrder,
  STAGE_LABELS,
  STAGE_SHORT,
  STAGES,
  thenText,
  whenText,
} from "./rules-logic.js";

type Attrs = Record<string, string | boolean | undefined>;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | false)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== false) node.append(child);
  return node;
}

let hints = 0;

/** A control in its label; a hint goes after the label (not in the control's name) and describes it. */
function labelled(text: string, control: HTMLElement, hint?: string): HTMLElement {
  const label = el("label", {}, el("span", {}, text), control);
  if (!hint) return label;
  const id = `tandem-rule-hint-${++hints}`;
  control.setAttribute("aria-describedby", id);
  return el("div", { class: "tandem-labelled" }, label, el("small", { id, class: "tandem-muted tandem-hint" }, hint));
}

function select(name: string, options: [string, string][], value: string, attrs: Attrs = {}): HTMLSelectElement {
  const node = el("select", { name, ...attrs });
  for (const [optionValue, text] of options) {
    const option = el("option", { value: optionValue }, text);
    option.selected = optionValue === value;
    node.append(option);
  }
  return node;
}

/** Puts each hint back into its control's description after the form's errors were shown or cleared. */
function restoreHints(form: HTMLElement): void {
  for (const hint of form.querySelectorAll<HTMLElement>(".tandem-hint")) {
    const control = hint.parentElement?.querySelector<HTMLElement>("input, select, textarea");
    if (!control) continue;
    const ids = (control.getAttribute("aria-describedby") ?? "").split(" ").filter((id) => id && id !== hint.id);
    control.setAttribute("aria-describedby", [...ids, hint.id].join(" "));
  }
}

function showFormErrors(form: HTMLElement, error: unknown): void {
  showErrors(form, error);
  restoreHints(form);
}

function clearFormErrors(form: HTMLElement): void {
  clearErrors(form);
  restoreHints(form);
}

export function rulesPage(): HTMLElement {
  let rules: Rule[] = [];
  let categories: Category[] = [];
  let accounts: Account[] = [];
  let currency = "USD";
  let editing: Rule | null = null;

  const categoryName = (id: string) => {
    const category = categories.find((c) => c.id === id);
    if (!category) return "a category that no longer exists";
    const parent = category.parentId ? categories.find((c) => c.id === category.parentId) : undefined;
    return parent ? `${parent.name} › ${category.name}` : category.name;
  };
  const names: Names = {
    category: categoryName,
    account: (id) => accounts.find((a) => a.id === id)?.name ?? "an account that no longer exists",
    get currency() {
      return currency;
    },
  };

  const notice = el("p", { class: "tandem-rules-notice", role: "status", "aria-live": "polite" });
  const listError = el("p", { class: "tandem-field-error", role: "alert" });
  const list = el("ol", { class: "tandem-rule-list", "aria-label": "Rules, in the order they run" });
  const newButton = el("button", { type: "button", class: "tandem-primary" }, "New rule");
  const applyAll = el("button", { type: "button" }, "Apply all rules to past transactions");
  const formTitle = el("h2", { tabindex: "-1" }, "New rule");
  const formHost = el("div");
  const preview = el("div", { class: "tandem-rule-preview", "aria-live": "polite", "data-testid": "rule-preview" });
  const formSection = el("section", { class: "card tandem-rule-editor" }, formTitle, formHost, preview);
  formSection.hidden = true;
  const suggestionList = el("ul", { class: "tandem-suggestion-list" });
  const suggestionStatus = el("p", { class: "tandem-muted tandem-suggestion-status" }, "Loading suggestions…");

  const root = el(
    "div",
    { class: "tandem-rules" },
    el(
      "p",
      { class: "tandem-muted" },
      "Rules fill in categories, merchants, tags and notes on new transactions for you. They run from the top down: ",
      "first-stage rules, then normal ones, then last-stage ones. A choice a member made by hand is never changed.",
    ),
    notice,
    el("div", { class: "tandem-actions" }, newButton, applyAll),
    formSection,
    el("section", {}, el("h2", {}, "Your rules"), listError, list),
    el(
      "section",
      {},
      el("h2", {}, "Suggested rules"),
      el("p", { class: "tandem-muted" }, "Based on transactions you moved to a category by hand."),
      suggestionStatus,
      suggestionList,
    ),
  );

  function say(text: string, ...extra: Node[]): void {
    notice.replaceChildren(text, ...extra);
  }

  // The list of rules.

  function renderList(focus?: { id: string; action: string }): void {
    list.replaceChildren();
    const ordered = runOrder(rules);
    if (ordered.length === 0) {
      list.append(el("li", { class: "tandem-empty" }, "No rules yet. Create one, or accept a suggestion below."));
      return;
    }
    for (const rule of ordered) list.append(ruleItem(rule));
    if (focus) {
      const item = list.querySelector<HTMLElement>(`[data-rule-id="${CSS.escape(focus.id)}"]`);
      const wanted = item?.querySelector<HTMLButtonElement>(`[data-action="${focus.action}"]`);
      const target =
        wanted && !wanted.disabled ? wanted : item?.querySelector<HTMLButtonElement>("button:not(:disabled)");
      target?.focus();
    }
  }

  function ruleItem(rule: Rule): HTMLLIElement {
    const up = el("button", { type: "button", "data-action": "up", "aria-label": `Move “${rule.name}” up` }, "↑ Up");
    const down = el(
      "button",
      { type: "button", "data-action": "down", "aria-label": `Move “${rule.name}” down` },
      "↓ Down",
    );
    up.disabled = moved(rules, rule.id, -1) === null;
    down.disabled = moved(rules, rule.id, 1) === null;
    const edit = el("button", { type: "button", "data-action": "edit", "aria-label": `Edit “${rule.name}”` }, "Edit");
    const toggle = el(
      "button",
      {
        type: "button",
        "data-action": "toggle",
        "aria-label": `${rule.enabled ? "Turn off" : "Turn on"} “${rule.name}”`,
      },
      rule.enabled ? "Turn off" : "Turn on",
    );
    const remove = el(
      "button",
      { type: "button", "data-action": "delete", "aria-label": `Delete “${rule.name}”` },
      "Delete",
    );
    const buttons = el("div", { class: "tandem-actions" }, up, down, edit, toggle, remove);
    const error = el("p", { class: "tandem-field-error", role: "alert" });
    const item = el(
      "li",
      { class: rule.enabled ? "tandem-rule" : "tandem-rule tandem-rule-off", "data-rule-id": rule.id },
      el(
        "div",
        { class: "tandem-rule-head" },
        el("strong", { class: "tandem-rule-name" }, rule.name),
        el("span", { class: "badge", title: STAGE_LABELS[rule.stage] }, `${STAGE_SHORT[rule.stage]} stage`),
        rule.enabled ? null : el("span", { class: "badge tandem-badge-off" }, "Turned off"),
      ),
      el("p", { class: "tandem-rule-words" }, `${whenText(rule, names)}, ${thenText(rule, names)}`),
      buttons,
      error,
    );

    const move = async (direction: -1 | 1) => {
      const order = moved(rules, rule.id, direction);
      if (!order) return;
      error.textContent = "";
      up.disabled = down.disabled = true;
      try {
        const reply = await apiSend<{ items: Rule[] }>("POST", "/rules/reorder", { ids: order.map((r) => r.id) });
        rules = reply.items;
        renderList({ id: rule.id, action: direction < 0 ? "up" : "down" });
        say(`Moved “${rule.name}” ${direction < 0 ? "up" : "down"}.`);
      } catch (e) {
        error.textContent = describeError(e);
        up.disabled = moved(rules, rule.id, -1) === null;
        down.disabled = moved(rules, rule.id, 1) === null;
      }
    };
    up.addEventListener("click", () => void move(-1));
    down.addEventListener("click", () => void move(1));
    edit.addEventListener("click", () => openForm(draftOf(rule, currency), rule));
    toggle.addEventListener("click", async () => {
      toggle.disabled = true;
      try {
        const updated = await apiSend<Rule>("PATCH", `/rules/${rule.id}`, { enabled: !rule.enabled });
        rules = rules.map((r) => (r.id === rule.id ? updated : r));
        renderList({ id: rule.id, action: "toggle" });
        say(`“${rule.name}” is turned ${updated.enabled ? "on" : "off"}.`);
      } catch (e) {
        error.textContent = describeError(e);
        toggle.disabled = false;
      }
    });
    remove.addEventListener("click", () => {
      const yes = el("button", { type: "button", class: "tandem-danger" }, "Yes, delete it");
      const no = el("button", { type: "button" }, "Keep it");
      const confirm = el(
        "div",
        { class: "tandem-actions tandem-confirm", role: "group", "aria-label": `Delete “${rule.name}”?` },
        el("span", {}, `Delete “${rule.name}”? Transactions it already changed stay as they are.`),
        yes,
        no,
      );
      const cancel = () => {
        confirm.replaceWith(buttons);
        remove.focus();
      };
      no.addEventListener("click", cancel);
      confirm.addEventListener("keydown", (event) => {
        if (event.key === "Escape") cancel();
      });
      yes.addEventListener("click", async () => {
        yes.disabled = no.disabled = true;
        try {
          await apiSend("DELETE", `/rules/${rule.id}`);
          rules = rules.filter((r) => r.id !== rule.id);
          if (editing?.id === rule.id) closeForm();
          renderList();
          say(`Deleted “${rule.name}”.`);
          newButton.focus();
        } catch (e) {
          error.textContent = describeError(e);
          yes.disabled = no.disabled = false;
        }
      });
      buttons.replaceWith(confirm);
      no.focus();
    });
    return item;
  }

  async function loadRules(): Promise<void> {
    try {
      rules = (await apiGet<{ items: Rule[] }>("/rules")).items;
      listError.textContent = "";
      renderList();
    } catch (e) {
      listError.textContent = `The rules could not be loaded: ${describeError(e)}`;
    }
  }

  // The form.

  function conditionRow(d: ConditionDraft, i: number, count: number): HTMLFieldSetElement {
    const prefix = `conditions.${i}`;
    const fieldSelect = select(
      `${prefix}.field`,
      (Object.keys(FIELD_LABELS) as ConditionField[]).map((f) => [f, FIELD_LABELS[f]]),
      d.field,
    );
    const opSelect = select(
      `${prefix}.op`,
      OPS_BY_FIELD[d.field].map((op) => [op, OP_LABELS[op]]),
      d.op,
    );
    const values: HTMLElement[] = [];
    const text = (name: string, label: string, value: string, attrs: Attrs = {}, hint?: string) => {
      const input = el("input", { name, autocomplete: "off", ...attrs });
      input.value = value;
      values.push(labelled(label, input, hint));
    };
    switch (d.field) {
      case "account": {
        const options: [string, string][] = accounts.map((a) => [a.id, a.name]);
        if (d.op === "oneOf") {
          const multi = select(`${prefix}.value`, options, "", {
            multiple: true,
            size: String(Math.min(5, options.length || 1)),
          });
          for (const option of multi.options) option.selected = d.values.includes(option.value);
          values.push(labelled("Accounts", multi, "Hold Ctrl or ⌘ to pick several"));
        } else
          values.push(labelled("Account", select(`${prefix}.value`, [["", "Pick an account"], ...options], d.value)));
        break;
      }
      case "sign":
        values.push(
          labelled(
            "Direction",
            select(
              `${prefix}.value`,
              [
                ["outflow", "Money out (spending)"],
                ["inflow", "Money in"],
              ],
              d.value || "outflow",
            ),
          ),
        );
        break;
      case "amount":
        if (d.op === "between") {
          text(`${prefix}.value`, `At least (${currency})`, d.value, { inputmode: "decimal" });
          text(`${prefix}.value2`, `At most (${currency})`, d.value2, { inputmode: "decimal" });
        } else text(`${prefix}.value`, `Amount (${currency})`, d.value, { inputmode: "decimal" });
        break;
      case "date":
        if (d.op === "between") {
          text(`${prefix}.value`, "From", d.value, { type: "date" });
          text(`${prefix}.value2`, "To", d.value2, { type: "date" });
        } else text(`${prefix}.value`, "Day", d.value, { type: "date" });
        break;
      default:
        if (d.op === "regex")
          text(
            `${prefix}.value`,
            "Pattern",
            d.value,
            { spellcheck: "false" },
            "A regular expression, e.g. ^uber\\s*\\* (upper and lower case count alike)",
          );
        else if (d.op === "oneOf") text(`${prefix}.value`, "Texts", d.value, {}, "Separate them with commas");
        else text(`${prefix}.value`, "Text", d.value, {}, "Upper and lower case count alike");
    }
    const remove = el("button", { type: "button", "aria-label": `Remove condition ${i + 1}` }, "Remove");
    remove.disabled = count === 1;
    remove.addEventListener("click", () => {
      const draft = readDraft();
      draft.conditions.splice(i, 1);
      renderConditions(draft.conditions);
      formHost.querySelector<HTMLElement>(`[name="conditions.${Math.max(0, i - 1)}.field"]`)?.focus();
    });
    const rerender = (focusName: string) => {
      const draft = readDraft();
      const c = draft.conditions[i]!;
      if (focusName.endsWith(".field")) Object.assign(c, emptyCondition(c.field));
      else if (!OPS_BY_FIELD[c.field].includes(c.op)) c.op = OPS_BY_FIELD[c.field][0]!;
      renderConditions(draft.conditions);
      formHost.querySelector<HTMLElement>(`[name="${focusName}"]`)?.focus();
    };
    fieldSelect.addEventListener("change", () => rerender(fieldSelect.name));
    opSelect.addEventListener("change", () => rerender(opSelect.name));
    return el(
      "fieldset",
      { class: "tandem-condition", "data-field": prefix },
      el("legend", {}, `Condition ${i + 1}`),
      labelled("Field", fieldSelect),
      labelled("Test", opSelect),
      ...values,
      el("div", { class: "tandem-condition-remove" }, remove),
    );
  }

  let conditionsHost = el("div");
  function renderConditions(conditions: ConditionDraft[]): void {
    conditionsHost.replaceChildren(...conditions.map((d, i) => conditionRow(d, i, conditions.length)));
  }

  function readDraft(): RuleDraft {
    const form = formHost.querySelector("form")!;
    const value = (name: string) =>
      form.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)?.value ?? "";
    const conditions: ConditionDraft[] = [];
    for (let i = 0; form.querySelector(`[name="conditions.${i}.field"]`); i++) {
      const valueControl = form.querySelector<HTMLSelectElement>(`[name="conditions.${i}.value"]`);
      conditions.push({
        field: value(`conditions.${i}.field`) as ConditionField,
        op: value(`conditions.${i}.op`) as ConditionOp,
        value: value(`conditions.${i}.value`),
        value2: value(`conditions.${i}.value2`),
        values: valueControl?.multiple ? [...valueControl.selectedOptions].map((o) => o.value) : [],
      });
    }
    return {
      name: value("name"),
      enabled: form.querySelector<HTMLInputElement>('[name="enabled"]')!.checked,
      stage: value("stage") as RuleDraft["stage"],
      match: value("match") as RuleDraft["match"],
      conditions,
      actions: {
        categoryId: value("action.categoryId"),
        merchant: value("action.merchant"),
        tags: value("action.tags"),
        notesMode: value("action.notesMode") as RuleDraft["actions"]["notesMode"],
        notes: value("action.notes"),
      },
    };
  }

  /** The draft as the API's body, or the refusal shown on the form (nothing is lost). */
  function bodyOrShow(form: HTMLFormElement): CreateRuleBody | null {
    try {
      return bodyOf(readDraft(), currency);
    } catch (e) {
      if (!(e instanceof DraftError)) throw e;
      showFormErrors(
        form,
        new ApiError(422, "invalid_input", "Please correct the fields marked below.", null, e.fields),
      );
      return null;
    }
  }

  function showApiErrors(form: HTMLFormElement, error: unknown, sent: readonly RuleAction[]): void {
    if (error instanceof ApiError)
      showFormErrors(
        form,
        new ApiError(error.status, error.code, error.message, error.requestId, formPaths(error.fields, sent)),
      );
    else showFormErrors(form, error);
  }

  function openForm(draft: RuleDraft, rule: Rule | null = null): void {
    editing = rule;
    formTitle.textContent = rule ? `Edit “${rule.name}”` : "New rule";
    preview.replaceChildren();
    const categoryOptions: [string, string][] = categories
      .map((c): [string, string] => [c.id, categoryName(c.id)])
      .sort((a, b) => a[1].localeCompare(b[1]));
    const nameInput = el("input", { name: "name", autocomplete: "off", maxlength: "120", required: true });
    nameInput.value = draft.name;
    const enabled = el("input", { type: "checkbox", name: "enabled" });
    enabled.checked = draft.enabled;
    const merchant = el("input", { name: "action.merchant", autocomplete: "off" });
    merchant.value = draft.actions.merchant;
    const tags = el("input", { name: "action.tags", autocomplete: "off" });
    tags.value = draft.actions.tags;
    const notes = el("textarea", { name: "action.notes", rows: "2" });
    notes.value = draft.actions.notes;
    conditionsHost = el("div", { class: "tandem-conditions" });
    const addCondition = el("button", { type: "button" }, "Add a condition");
    addCondition.addEventListener("click", () => {
      const current = readDraft();
      current.conditions.push(emptyCondition());
      renderConditions(current.conditions);
      formHost.querySelector<HTMLElement>(`[name="conditions.${current.conditions.length - 1}.field"]`)?.focus();
    });
    const previewButton = el("button", { type: "button" }, "Preview changes");
    const save = el("button", { type: "submit", class: "tandem-primary" }, rule ? "Save changes" : "Save rule");
    const cancel = el("button", { type: "button" }, "Cancel");
    const form = el(
      "form",
      { class: "tandem-form tandem-rule-form", novalidate: true },
      el("p", { "data-form-error": true, role: "alert" }),
      labelled("Name", nameInput),
      labelled(
        "Stage",
        select(
          "stage",
          STAGES.map((s) => [s, STAGE_LABELS[s]]),
          draft.stage,
        ),
      ),
      el("label", { class: "tandem-check" }, enabled, el("span", {}, "Turned on (runs on new transactions)")),
      el(
        "fieldset",
        { class: "tandem-rule-when", "data-field": "conditions" },
        el("legend", {}, "When"),
        labelled(
          "Match",
          select(
            "match",
            [
              ["all", "Every condition holds"],
              ["any", "Any one condition holds"],
            ],
            draft.match,
          ),
        ),
        conditionsHost,
        el("div", { class: "tandem-actions" }, addCondition),
      ),
      el(
        "fieldset",
        { class: "tandem-rule-then", "data-field": "actions" },
        el("legend", {}, "Then"),
        labelled(
          "Set the category to",
          select(
            "action.categoryId",
            [["", "Leave the category as it is"], ...categoryOptions],
            draft.actions.categoryId,
          ),
        ),
        labelled("Set the merchant to", merchant, "Leave empty to keep the merchant"),
        labelled("Add tags", tags, "Separate tags with commas"),
        labelled(
          "Notes",
          select(
            "action.notesMode",
            [
              ["none", "Leave the notes alone"],
              ["set", "Replace the notes with the text below"],
              ["append", "Add the text below to the notes"],
            ],
            draft.actions.notesMode,
          ),
        ),
        labelled("Notes text", notes),
      ),
      el("div", { class: "tandem-actions" }, previewButton, save, cancel),
    );
    renderConditions(draft.conditions);

    previewButton.addEventListener("click", async () => {
      clearFormErrors(form);
      const body = bodyOrShow(form);
      if (!body) return;
      previewButton.disabled = true;
      previewButton.textContent = "Previewing…";
      preview.replaceChildren(el("p", { class: "tandem-muted" }, "Looking through your transactions…"));
      try {
        const result = await apiSend<RulePreview>("POST", "/rules/preview", {
          ...(editing ? { ruleId: editing.id } : {}),
          rule: body,
          limit: 20,
        });
        renderPreview(result);
      } catch (e) {
        preview.replaceChildren();
        showApiErrors(form, e, body.actions);
      } finally {
        previewButton.disabled = false;
        previewButton.textContent = "Preview changes";
      }
    });
    cancel.addEventListener("click", () => {
      closeForm();
      newButton.focus();
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearFormErrors(form);
      const body = bodyOrShow(form);
      if (!body) return;
      save.disabled = true;
      save.textContent = "Saving…";
      try {
        const saved = editing
          ? await apiSend<Rule>("PATCH", `/rules/${editing.id}`, body)
          : await apiSend<Rule>("POST", "/rules", body);
        const wasNew = !editing;
        closeForm();
        await loadRules();
        const apply = el("button", { type: "button" }, "Apply it to past transactions");
        apply.addEventListener("click", () => void applyRules(apply, saved));
        say(`${wasNew ? "Created" : "Saved"} “${saved.name}”. It runs on new transactions. `, apply);
        list.querySelector<HTMLElement>(`[data-rule-id="${CSS.escape(saved.id)}"] [data-action="edit"]`)?.focus();
      } catch (e) {
        showApiErrors(form, e, body.actions);
      } finally {
        save.disabled = false;
        save.textContent = editing ? "Save changes" : "Save rule";
      }
    });
    form.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !(event.target instanceof HTMLSelectElement)) {
        closeForm();
        newButton.focus();
      }
    });
    formHost.replaceChildren(form);
    formSection.hidden = false;
    formSection.scrollIntoView({ block: "start" });
    nameInput.focus();
  }

  function closeForm(): void {
    editing = null;
    formSection.hidden = true;
    formHost.replaceChildren();
    preview.replaceChildren();
  }

  function stateWords(state: RulePreview["items"][number]["before"]): string[] {
    return [
      `Category: ${state.categoryId ? categoryName(state.categoryId) : "none"}`,
      `Merchant: ${state.merchant ?? "none"}`,
      `Tags: ${state.tags.length ? state.tags.join(", ") : "none"}`,
      `Notes: ${state.notes ?? "none"}`,
    ];
  }

  function renderPreview(result: RulePreview): void {
    const count = (n: number, one: string, many: string) => `${n.toLocaleString()} ${n === 1 ? one : many}`;
    const summary = el(
      "p",
      { "data-testid": "rule-preview-summary" },
      el("strong", {}, `This rule would change ${count(result.total, "transaction", "transactions")}.`),
      ` It matches ${count(result.matched, "transaction", "transactions")} of the ${result.examined.toLocaleString()} looked at.`,
      result.protected
        ? ` In ${count(result.protected, "of them", "of them")} a member's own choice stays as it is.`
        : "",
      " Nothing is changed until you save.",
    );
    if (result.items.length === 0) {
      preview.replaceChildren(el("h3", {}, "Preview"), summary);
      return;
    }
    const rows = result.items.map((item) => {
      const before = stateWords(item.before);
      const after = stateWords(item.after);
      const changed = after.map((text, i) => (text === before[i] ? null : i)).filter((i): i is number => i !== null);
      return el(
        "tr",
        {},
        el("td", {}, item.date),
        el("td", {}, item.description),
        el("td", { class: "tandem-amount" }, money(item.amount, item.currency)),
        el("td", {}, ...changed.map((i) => el("div", {}, before[i]!))),
        el("td", {}, ...changed.map((i) => el("div", { class: "tandem-after" }, after[i]!))),
      );
    });
    preview.replaceChildren(
      el("h3", {}, "Preview"),
      summary,
      el(
        "div",
        { class: "tandem-scroll" },
        el(
          "table",
          { class: "tandem-table" },
          el(
            "caption",
            { class: "tandem-muted" },
            result.truncated || result.items.length < result.total
              ? `The first ${result.items.length} of ${result.total}`
              : "Every transaction it would change",
          ),
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              el("th", { scope: "col" }, "Date"),
              el("th", { scope: "col" }, "Description"),
              el("th", { scope: "col", class: "tandem-amount" }, "Amount"),
              el("th", { scope: "col" }, "Now"),
              el("th", { scope: "col" }, "After the rule"),
            ),
          ),
          el("tbody", {}, ...rows),
        ),
      ),
    );
  }

  async function applyRules(button: HTMLButtonElement, rule?: Rule): Promise<void> {
    button.disabled = true;
    const label = button.textContent;
    button.textContent = "Applying…";
    try {
      const result = await apiSend<ApplyRulesResult>("POST", "/rules/apply", rule ? { ruleId: rule.id } : {});
      say(
        `${rule ? `“${rule.name}”` : "Your rules"} changed ${result.changed.toLocaleString()} of ${result.matched.toLocaleString()} matching transactions` +
          (result.protected ? ` (${result.protected.toLocaleString()} kept a member's own choice).` : "."),
      );
    } catch (e) {
      say(`Could not apply: ${describeError(e)}`);
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  }

  // Suggestions.

  async function loadSuggestions(): Promise<void> {
    try {
      const { items } = await apiGet<{ items: RuleSuggestion[] }>("/rules/suggestions");
      suggestionStatus.textContent = items.length ? "" : "No suggestions right now.";
      suggestionList.replaceChildren(...items.map(suggestionItem));
    } catch (e) {
      suggestionStatus.textContent = `Suggestions could not be loaded: ${describeError(e)}`;
    }
  }

  function suggestionItem(s: RuleSuggestion): HTMLLIElement {
    const what = s.field === "merchant" ? "merchant" : "description";
    const create = el("button", { type: "button", class: "tandem-primary" }, "Create this rule");
    const edit = el("button", { type: "button" }, "Edit first");
    const dismiss = el("button", { type: "button" }, "Dismiss");
    const error = el("p", { class: "tandem-field-error", role: "alert" });
    const item = el(
      "li",
      { class: "card tandem-suggestion" },
      el("p", {}, el("strong", {}, `“${s.merchant}” → ${s.categoryName}`)),
      el(
        "p",
        { class: "tandem-muted" },
        `You moved ${s.evidence} transaction${s.evidence === 1 ? "" : "s"} with this ${what} to ${s.categoryName}. `,
        `${whenText(s.rule, names)}, ${thenText(s.rule, names)}`,
      ),
      el("div", { class: "tandem-actions" }, create, edit, dismiss),
      error,
    );
    const busy = (on: boolean) => {
      create.disabled = edit.disabled = dismiss.disabled = on;
    };
    create.addEventListener("click", async () => {
      busy(true);
      try {
        const saved = await apiSend<Rule>("POST", "/rules", s.rule);
        await Promise.all([loadRules(), loadSuggestions()]);
        say(`Created “${saved.name}”.`);
        newButton.focus();
      } catch (e) {
        error.textContent = describeError(e);
        busy(false);
      }
    });
    edit.addEventListener("click", () => openForm(draftOf(s.rule, currency)));
    dismiss.addEventListener("click", async () => {
      busy(true);
      try {
        await apiSend("POST", "/rules/suggestions/dismiss", { merchant: s.merchant, categoryId: s.categoryId });
        item.remove();
        if (!suggestionList.childElementCount) suggestionStatus.textContent = "No suggestions right now.";
        say(`Dismissed the suggestion for “${s.merchant}”.`);
        newButton.focus();
      } catch (e) {
        error.textContent = describeError(e);
        busy(false);
      }
    });
    return item;
  }

  newButton.addEventListener("click", () => openForm(emptyDraft()));
  applyAll.addEventListener("click", () => void applyRules(applyAll));

  list.append(el("li", { class: "tandem-muted" }, "Loading rules…"));
  void (async () => {
    const [household, cats, accs] = await Promise.allSettled([
      apiGet<Household>("/household"),
      apiGet<{ items: Category[] }>("/categories"),
      apiGet<{ items: Account[] }>("/accounts"),
    ]);
    if (household.status === "fulfilled") currency = household.value.baseCurrency;
    if (cats.status === "fulfilled") categories = cats.value.items;
    else listError.textContent = `Categories could not be loaded: ${describeError(cats.reason)}`;
    if (accs.status === "fulfilled") accounts = accs.value.items;
    await Promise.all([loadRules(), loadSuggestions()]);
  })();

  return root;
}
