/**
 * "Categorise selected": one category for every ticked row (one request, all or nothing),
 * optionally with a rule for the selection's common merchant or description, previewed
 * with /rules/preview before it is saved.
 */
import { html } from "htl";
import type { CreateRuleBody, RulePreview } from "../shared/contract/rules.js";
import type { Transaction } from "../shared/contract/transactions.js";
import { submitting } from "./form.js";
import { ApiError, apiSend, describeError } from "./live.js";
import { categorySelect, type TxContext } from "./transactions-context.js";
import { commonText } from "./transactions-query.js";

export interface BulkHandlers {
  selected(): Transaction[];
  done(message: string): void;
}

export function ruleFor(context: TxContext, selection: Transaction[], categoryId: string): CreateRuleBody | null {
  const text = commonText(selection);
  const category = context.categories.find((c) => c.id === categoryId);
  if (!text || !category) return null;
  return {
    name: `${text.value} → ${category.label}`,
    enabled: true,
    stage: "normal",
    match: "all",
    conditions: [{ field: text.field, op: "is", value: text.value }],
    actions: [{ type: "setCategory", categoryId }],
  };
}

export function bulkForm(context: TxContext, handlers: BulkHandlers): { element: HTMLElement; update(): void } {
  const form = html`<form class="tandem-form tx-bulk" hidden aria-label="Categorise the selected transactions">
    <p class="tx-bulk-count" role="status"></p>
    <label>New category ${categorySelect(context, "categoryId", null, "Remove the category")}</label>
    <label class="tx-inline"><input type="checkbox" name="createRule" /> Also create a rule for it</label>
    <p class="tandem-muted tx-rule-preview" aria-live="polite"></p>
    <p data-form-error role="alert"></p>
    <div class="tandem-actions"><button type="submit" class="tandem-primary">Categorise selected</button></div>
  </form>` as HTMLFormElement;
  const count = form.querySelector(".tx-bulk-count") as HTMLElement;
  const preview = form.querySelector(".tx-rule-preview") as HTMLElement;
  const select = form.elements.namedItem("categoryId") as HTMLSelectElement;
  const createRule = form.elements.namedItem("createRule") as HTMLInputElement;
  let previewed = 0;

  const refreshPreview = async () => {
    const ticket = ++previewed;
    preview.textContent = "";
    if (!createRule.checked) return;
    const selection = handlers.selected();
    if (!select.value) {
      preview.textContent = "Choose a category for the rule to set.";
      return;
    }
    const rule = ruleFor(context, selection, select.value);
    if (!rule) {
      preview.textContent = "These transactions share no merchant or description, so no rule can be made from them.";
      return;
    }
    preview.textContent = "Checking what the rule would change…";
    try {
      const result = await apiSend<RulePreview>("POST", "/rules/preview", { rule, limit: 1 });
      if (ticket !== previewed) return;
      const kept = result.protected ? ` ${result.protected} keep the category a member chose.` : "";
      preview.textContent = `Rule “${rule.name}”: when the ${rule.conditions[0]?.field} is “${
        commonText(selection)?.value
      }”. It matches ${result.matched} transaction${result.matched === 1 ? "" : "s"} and would change ${result.total}.${kept}`;
    } catch (error) {
      if (ticket === previewed) preview.textContent = `Could not preview the rule: ${describeError(error)}`;
    }
  };
  select.addEventListener("change", refreshPreview);
  createRule.addEventListener("change", refreshPreview);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const selection = handlers.selected();
    const categoryId = select.value || null;
    const rule = createRule.checked && categoryId ? ruleFor(context, selection, categoryId) : null;
    const result = await submitting(
      form,
      async () => {
        if (createRule.checked && !rule) {
          throw new ApiError(422, "no_rule", "No rule can be made", null, [
            {
              path: "createRule",
              message: "Choose a category, and transactions with the same merchant or description",
            },
          ]);
        }
        const { updated } = await apiSend<{ updated: number }>("POST", "/transactions/bulk-categorise", {
          ids: selection.map((t) => t.id),
          categoryId,
        });
        if (rule) await apiSend("POST", "/rules", rule);
        return { updated };
      },
      { busyLabel: "Categorising…" },
    );
    if (!result) return;
    createRule.checked = false;
    preview.textContent = "";
    handlers.done(
      `${result.updated} transaction${result.updated === 1 ? "" : "s"} changed category${rule ? `, and the rule “${rule.name}” was created` : ""}.`,
    );
  });

  return {
    element: form,
    update() {
      const n = handlers.selected().length;
      form.hidden = n === 0;
      count.textContent = `${n} selected`;
      if (createRule.checked) void refreshPreview();
    },
  };
}
