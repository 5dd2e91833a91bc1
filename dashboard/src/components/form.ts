/**
 * Forms on the interactive pages: the API's refusals shown in words next to the field they
 * concern (or at the top of the form when no field matches), and submission that keeps
 * every input when a request fails.
 */
import { ApiError, describeError } from "./live.js";

const FIELD_ERROR = "tandem-field-error";

/** The control a field path names: `name="amount"`, or for `splits.0.amount` the nearest named prefix. */
function controlFor(form: HTMLElement, path: string): HTMLElement | null {
  const parts = path.split(".");
  for (let length = parts.length; length > 0; length--) {
    const name = parts.slice(0, length).join(".");
    const control = form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"], [data-field="${CSS.escape(name)}"]`);
    if (control) return control;
  }
  return null;
}

/** Removes the messages of an earlier attempt. */
export function clearErrors(form: HTMLElement): void {
  for (const message of form.querySelectorAll(`.${FIELD_ERROR}`)) message.remove();
  for (const control of form.querySelectorAll("[aria-invalid]")) {
    control.removeAttribute("aria-invalid");
    control.removeAttribute("aria-describedby");
  }
  const summary = form.querySelector<HTMLElement>("[data-form-error]");
  if (summary) summary.textContent = "";
}

let counter = 0;

/** Puts each refused field's message after its control; the rest in the form's `[data-form-error]`. */
export function showErrors(form: HTMLElement, error: unknown): void {
  clearErrors(form);
  const unplaced: string[] = [];
  const fields = error instanceof ApiError ? error.fields : [];
  for (const field of fields) {
    const control = controlFor(form, field.path);
    if (!control) {
      unplaced.push(field.message);
      continue;
    }
    const message = document.createElement("p");
    message.className = FIELD_ERROR;
    message.id = `field-error-${++counter}`;
    message.textContent = field.message;
    control.setAttribute("aria-invalid", "true");
    control.setAttribute("aria-describedby", message.id);
    (control.closest("label") ?? control).after(message);
  }
  const summary = form.querySelector<HTMLElement>("[data-form-error]");
  if (summary) {
    if (!fields.length) summary.textContent = describeError(error);
    else if (unplaced.length) summary.textContent = unplaced.join("; ");
    else summary.textContent = "Please correct the fields marked below.";
  }
  const first = form.querySelector<HTMLElement>("[aria-invalid]");
  first?.focus();
}

/**
 * Runs `action` with the submit button busy. On failure the inputs stay as they were and
 * the errors are shown; resolves with the action's result, or undefined when it failed.
 */
export async function submitting<T>(
  form: HTMLElement,
  action: () => Promise<T>,
  { busyLabel = "Saving…" }: { busyLabel?: string } = {},
): Promise<T | undefined> {
  const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
  const label = button?.textContent ?? "";
  clearErrors(form);
  if (button) {
    button.disabled = true;
    button.textContent = busyLabel;
  }
  try {
    return await action();
  } catch (error) {
    showErrors(form, error);
    return undefined;
  } finally {
    if (button) {
      button.disabled = false;
      button.textContent = label;
    }
  }
}
