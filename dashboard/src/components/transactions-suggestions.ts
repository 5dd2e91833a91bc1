/**
 * Rules the API learnt from members' re-categorisations, offered right where the member
 * categorised: "Create rule" saves it, "Dismiss" stops it being offered.
 */
import { html } from "htl";
import type { RuleSuggestion } from "../shared/contract/rules.js";
import { apiGet, apiSend, describeError } from "./live.js";

export function suggestionsBox(): { element: HTMLElement; refresh(): Promise<void> } {
  const element = html`<section class="tx-suggestions" aria-label="Suggested rules" aria-live="polite"></section>`;

  const item = (s: RuleSuggestion) => {
    const node = html`<div class="card tx-suggestion">
      <p>You put <strong>${s.merchant}</strong> in <strong>${s.categoryName}</strong> ${s.evidence} times.
        Create a rule so future ones go there by themselves?</p>
      <div class="tandem-actions">
        <button type="button" class="tandem-primary" data-action="create">Create rule</button>
        <button type="button" data-action="dismiss">Dismiss</button>
        <span class="tx-suggestion-status" role="status"></span>
      </div>
    </div>`;
    const status = node.querySelector(".tx-suggestion-status") as HTMLElement;
    const act = async (button: HTMLButtonElement, run: () => Promise<unknown>, done: string) => {
      for (const b of node.querySelectorAll("button")) b.disabled = true;
      status.textContent = "";
      try {
        await run();
        node.replaceChildren(html`<p class="tandem-success" role="status">${done}</p>`);
      } catch (error) {
        status.textContent = describeError(error);
        for (const b of node.querySelectorAll("button")) b.disabled = false;
        button.focus();
      }
    };
    const create = node.querySelector<HTMLButtonElement>('[data-action="create"]') as HTMLButtonElement;
    const dismiss = node.querySelector<HTMLButtonElement>('[data-action="dismiss"]') as HTMLButtonElement;
    create.addEventListener("click", () =>
      act(create, () => apiSend("POST", "/rules", s.rule), `Rule “${s.rule.name}” created.`),
    );
    dismiss.addEventListener("click", () =>
      act(
        dismiss,
        () => apiSend("POST", "/rules/suggestions/dismiss", { merchant: s.merchant, categoryId: s.categoryId }),
        `We will not suggest that rule again.`,
      ),
    );
    return node;
  };

  return {
    element,
    async refresh() {
      try {
        const { items } = await apiGet<{ items: RuleSuggestion[] }>("/rules/suggestions");
        element.replaceChildren(...items.slice(0, 3).map(item));
      } catch {
        // Suggestions are a nicety: the page works without them.
      }
    },
  };
}
