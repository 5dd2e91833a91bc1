/**
 * The Import page: a wizard in one page. 1) account and file, 2) for a CSV, which column is
 * which (prefilled from the account's saved mapping), 3) the preview with duplicates and
 * unreadable lines, 4) the commit's counts. A failed step keeps the file and every choice.
 */
import { html } from "htl";
import type { Account } from "../shared/contract/accounts.js";
import type { CsvMapping, ImportFormat, ImportResult } from "../shared/contract/imports.js";
import { clearErrors, showErrors, submitting } from "./form.js";
import { money } from "./format.js";
import {
  csvColumns,
  DATE_FORMAT_CHOICES,
  detectFormat,
  duplicateWords,
  errorWords,
  FORMAT_NAMES,
  formFromMapping,
  guessMapping,
  type MappingForm,
  mappingFromForm,
  plural,
  withoutLines,
} from "./import-logic.js";
import { ApiError, apiGet, apiUpload, describeError } from "./live.js";

interface Chosen {
  account: Account;
  file: File;
  text: string;
  format: ImportFormat;
}

const DELIMITER_NAMES: [CsvMapping["delimiter"], string][] = [
  ["auto", "Work it out"],
  [",", "Comma ( , )"],
  [";", "Semicolon ( ; )"],
  ["\t", "Tab"],
  ["|", "Bar ( | )"],
];
const THOUSANDS_NAMES: [CsvMapping["thousandsSeparator"], string][] = [
  ["", "None"],
  [",", "Comma ( 1,234 )"],
  [".", "Full stop ( 1.234 )"],
  [" ", "Space ( 1 234 )"],
  ["'", "Apostrophe ( 1'234 )"],
];
const MAX_SHOWN_ROWS = 200;

const option = (value: string, label: string, selected: boolean) =>
  html`<option value=${value} selected=${selected}>${label}</option>`;

function columnSelect(name: string, columns: readonly string[], value: string, none?: string): HTMLSelectElement {
  const choices = value && !columns.includes(value) ? [...columns, value] : columns;
  return html`<select name=${name}>
    ${none === undefined ? null : option("", none, value === "")}
    ${choices.map((c) => option(c, c, c === value))}
  </select>` as HTMLSelectElement;
}

function field<T extends HTMLElement>(form: HTMLFormElement, name: string): T {
  return form.elements.namedItem(name) as unknown as T;
}

/** The mapping form's current values. */
function readMapping(form: HTMLFormElement): MappingForm {
  const value = (name: string) => field<HTMLInputElement | HTMLSelectElement>(form, `mapping.${name}`).value;
  const checked = (name: string) => field<HTMLInputElement>(form, `mapping.${name}`).checked;
  const style = form.querySelector<HTMLInputElement>('input[name="amountStyle"]:checked')?.value;
  return {
    header: checked("header"),
    skipRows: Math.max(0, Math.min(100, Number.parseInt(value("skipRows"), 10) || 0)),
    delimiter: value("delimiter") as MappingForm["delimiter"],
    date: value("date"),
    dateFormat: value("dateFormat") as MappingForm["dateFormat"],
    description: value("description"),
    merchant: value("merchant"),
    amountStyle: style === "split" ? "split" : "signed",
    amount: value("amount"),
    debit: value("debit"),
    credit: value("credit"),
    invertSign: checked("invertSign"),
    decimalSeparator: value("decimalSeparator") as MappingForm["decimalSeparator"],
    thousandsSeparator: value("thousandsSeparator") as MappingForm["thousandsSeparator"],
    id: value("id"),
  };
}

/** The mapping's controls; `onLayout` re-reads the columns when the header, skip or separator changes. */
function mappingFields(text: string, values: MappingForm): HTMLElement {
  const columns = csvColumns(text, values);
  const dateFormats = DATE_FORMAT_CHOICES.map((f) => option(f, f, f === values.dateFormat));
  const signed = values.amountStyle === "signed";
  return html`<div class="import-mapping-fields">
    <fieldset>
      <legend>The file's layout</legend>
      <label class="import-check"><input type="checkbox" name="mapping.header" checked=${values.header}> The first row holds column names</label>
      <label>Lines to skip before it <input type="number" name="mapping.skipRows" min="0" max="100" step="1" value=${values.skipRows} inputmode="numeric"></label>
      <label>Column separator <select name="mapping.delimiter">${DELIMITER_NAMES.map(([v, l]) => option(v, l, v === values.delimiter))}</select></label>
    </fieldset>
    <fieldset>
      <legend>Date and description</legend>
      <label>Date column ${columnSelect("mapping.date", columns, values.date)}</label>
      <label>Date format <select name="mapping.dateFormat">${dateFormats}</select></label>
      <label>Description column ${columnSelect("mapping.description", columns, values.description)}</label>
      <label>Merchant column (optional) ${columnSelect("mapping.merchant", columns, values.merchant, "No merchant column")}</label>
      <label>Bank's transaction id column (optional) ${columnSelect("mapping.id", columns, values.id, "No id column")}</label>
    </fieldset>
    <fieldset data-field="mapping.amount">
      <legend>Amounts</legend>
      <label class="import-check"><input type="radio" name="amountStyle" value="signed" checked=${signed}> One column, with a minus sign for money out</label>
      <label class="import-check"><input type="radio" name="amountStyle" value="split" checked=${!signed}> Separate columns for money out and money in</label>
      <label data-style="signed" hidden=${!signed}>Amount column ${columnSelect("mapping.amount", columns, values.amount, "Choose a column")}</label>
      <label data-style="split" hidden=${signed}>Money out (debit) column ${columnSelect("mapping.debit", columns, values.debit, "No money-out column")}</label>
      <label data-style="split" hidden=${signed}>Money in (credit) column ${columnSelect("mapping.credit", columns, values.credit, "No money-in column")}</label>
      <label class="import-check"><input type="checkbox" name="mapping.invertSign" checked=${values.invertSign}> Flip the sign (the bank writes spending as a positive number)</label>
      <label>Decimal separator <select name="mapping.decimalSeparator">${option(".", "Full stop ( 12.34 )", values.decimalSeparator === ".")}${option(",", "Comma ( 12,34 )", values.decimalSeparator === ",")}</select></label>
      <label>Thousands separator <select name="mapping.thousandsSeparator">${THOUSANDS_NAMES.map(([v, l]) => option(v, l, v === values.thousandsSeparator))}</select></label>
    </fieldset>
  </div>`;
}

function previewTable(result: ImportResult): HTMLElement {
  const rows = result.rows.slice(0, MAX_SHOWN_ROWS);
  return html`<div class="tandem-scroll">
    <table class="tandem-table import-preview">
      <caption>The rows read from the file${result.rows.length > rows.length ? ` (the first ${rows.length})` : ""}</caption>
      <thead><tr><th scope="col">Line</th><th scope="col">Date</th><th scope="col">Description</th><th scope="col" class="money">Amount</th><th scope="col">Status</th></tr></thead>
      <tbody>${rows.map(
        (row) => html`<tr class=${row.duplicate ? "import-duplicate" : ""}>
          <td>${row.line}</td>
          <td>${row.date}</td>
          <td>${row.description}${row.merchant ? html`<br><span class="tandem-muted">${row.merchant}</span>` : null}</td>
          <td class=${`money${row.amount < 0 ? " negative" : ""}`}>${money(row.amount, row.currency)}</td>
          <td><span class=${`badge ${row.duplicate ? "badge-bad" : "badge-ok"}`}>${duplicateWords(row.duplicate)}</span>${row.duplicate ? html`<span class="tandem-muted"> — skipped</span>` : null}</td>
        </tr>`,
      )}</tbody>
    </table>
  </div>`;
}

export async function importWizard(): Promise<HTMLElement> {
  let accounts: Account[];
  const mappings = new Map<string, CsvMapping>();
  try {
    const [accountList, mappingList] = await Promise.all([
      apiGet<{ items: Account[] }>("/accounts"),
      apiGet<{ items: { accountId: string; mapping: CsvMapping }[] }>("/imports/mappings"),
    ]);
    accounts = accountList.items.filter((a) => !a.archived);
    for (const m of mappingList.items) mappings.set(m.accountId, m.mapping);
  } catch (error) {
    return html`<p class="tandem-field-error" role="alert">The accounts could not be loaded: ${describeError(error)}</p>`;
  }
  if (accounts.length === 0) {
    return html`<p class="tandem-empty">There is no account to import into yet. <a href="./accounts">Add an account</a> first.</p>`;
  }

  let chosen: Chosen | null = null;
  let preview: ImportResult | null = null;
  let mappingUsed: CsvMapping | undefined;

  const chooseForm = html`<form class="tandem-form" novalidate>
    <label><span id="import-account-label">Account</span>
      <select name="accountId" required aria-labelledby="import-account-label">
        <option value="">Choose an account</option>
        ${accounts.map((a) => option(a.id, `${a.name} (${a.currency})`, false))}
      </select>
    </label>
    <label>File from your bank (CSV, OFX, QFX or QIF)
      <input type="file" name="file" required accept=".csv,.txt,.ofx,.qfx,.qif,text/csv">
    </label>
    <p data-form-error role="alert"></p>
    <div class="tandem-actions"><button type="submit" class="tandem-primary">Continue</button></div>
  </form>` as HTMLFormElement;

  const mapHeading = html`<h2 tabindex="-1">2. Which column is which</h2>`;
  const mapNote = html`<p class="tandem-muted"></p>`;
  const mapForm = html`<form class="tandem-form import-mapping" novalidate>
    <div data-slot></div>
    <p data-form-error role="alert"></p>
    <div class="tandem-actions"><button type="submit" class="tandem-primary">Preview the import</button></div>
  </form>` as HTMLFormElement;
  const mapSection = html`<section class="import-step" aria-labelledby="import-map-heading" hidden>${mapHeading}${mapNote}${mapForm}</section>`;
  mapHeading.id = "import-map-heading";

  const previewHeading = html`<h2 tabindex="-1" id="import-preview-heading">3. Check before importing</h2>`;
  const previewBody = html`<div></div>`;
  const commitForm = html`<form class="tandem-form import-commit" novalidate>
    <p data-form-error role="alert"></p>
    <div class="tandem-actions">
      <button type="submit" class="tandem-primary">Import</button>
      <button type="button" data-back>Change the columns</button>
    </div>
  </form>` as HTMLFormElement;
  const previewSection = html`<section class="import-step" aria-labelledby="import-preview-heading" hidden>${previewHeading}${previewBody}${commitForm}</section>`;

  const doneHeading = html`<h2 tabindex="-1" id="import-done-heading">4. Done</h2>`;
  const doneBody = html`<div></div>`;
  const again = html`<button type="button">Import another file</button>`;
  const doneSection = html`<section class="import-step" aria-labelledby="import-done-heading" hidden>${doneHeading}${doneBody}<div class="tandem-actions">${again}</div></section>`;

  const stepLabels = ["Account and file", "Columns", "Check", "Done"];
  const stepList = html`<ol class="import-steps" aria-label="Import steps">${stepLabels.map((l) => html`<li>${l}</li>`)}</ol>`;
  const showStep = (step: number) => {
    stepList.querySelectorAll("li").forEach((li, i) => {
      if (i === step) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
      li.classList.toggle("import-step-done", i < step);
    });
  };
  showStep(0);

  const reveal = (section: HTMLElement, heading: HTMLElement, step: number) => {
    section.hidden = false;
    showStep(step);
    heading.focus();
  };
  const hideFrom = (step: number) => {
    if (step <= 1) mapSection.hidden = true;
    if (step <= 2) previewSection.hidden = true;
    if (step <= 3) doneSection.hidden = true;
    showStep(Math.min(step - 1, 3));
  };

  const fillMapping = (values: MappingForm) => {
    if (!chosen) return;
    const slot = mapForm.querySelector("[data-slot]")!;
    slot.replaceChildren(mappingFields(chosen.text, values));
  };

  // Layout changes re-read the columns, keeping every other choice.
  mapForm.addEventListener("change", (event) => {
    const target = event.target as HTMLInputElement;
    if (target.name === "amountStyle") {
      const split = target.value === "split";
      for (const label of mapForm.querySelectorAll<HTMLElement>("[data-style]")) {
        label.hidden = (label.dataset.style === "split") !== split;
      }
      return;
    }
    if (["mapping.header", "mapping.skipRows", "mapping.delimiter"].includes(target.name))
      fillMapping(readMapping(mapForm));
  });

  // Changing the account or the file starts over from step 2.
  chooseForm.addEventListener("change", () => {
    chosen = null;
    preview = null;
    hideFrom(1);
  });

  chooseForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(chooseForm);
    const accountId = field<HTMLSelectElement>(chooseForm, "accountId").value;
    const file = field<HTMLInputElement>(chooseForm, "file").files?.[0];
    const missing = [
      ...(accountId ? [] : [{ path: "accountId", message: "Choose the account the file belongs to" }]),
      ...(file ? [] : [{ path: "file", message: "Choose the file you downloaded from your bank" }]),
    ];
    if (missing.length || !file) {
      showErrors(chooseForm, new ApiError(422, "validation_failed", "Choose an account and a file", null, missing));
      return;
    }
    const account = accounts.find((a) => a.id === accountId)!;
    const text = await file.text();
    chosen = { account, file, text, format: detectFormat(file.name, text) };
    preview = null;
    hideFrom(1);
    if (chosen.format === "csv") {
      const saved = mappings.get(account.id);
      const columns = csvColumns(text, saved ?? { header: true, skipRows: 0, delimiter: "auto" });
      fillMapping(saved ? formFromMapping(saved, columns) : guessMapping(columns, text));
      mapNote.textContent = saved
        ? `Filled in from the last CSV imported into ${account.name}; change anything that differs.`
        : `Tandem guessed from the file's first row; check each choice. It is remembered for ${account.name}.`;
      reveal(mapSection, mapHeading, 1);
    } else {
      await runPreview(chooseForm);
    }
  });

  mapForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    await runPreview(mapForm);
  });

  const upload = (mode: "preview" | "commit", body: Blob) => {
    const c = chosen!;
    return apiUpload<ImportResult>("/imports", body, c.format === "csv" ? "text/csv" : "application/octet-stream", {
      accountId: c.account.id,
      mode,
      format: c.format,
      fileName: c.file.name.slice(0, 255),
      mapping: c.format === "csv" && mappingUsed ? JSON.stringify(mappingUsed) : undefined,
    });
  };

  async function runPreview(form: HTMLFormElement) {
    if (!chosen) return;
    mappingUsed = chosen.format === "csv" ? mappingFromForm(readMapping(mapForm)) : undefined;
    const result = await submitting(form, () => upload("preview", chosen!.file), { busyLabel: "Reading the file…" });
    if (!result) return;
    preview = result;
    renderPreview(result);
    reveal(previewSection, previewHeading, 2);
  }

  function renderPreview(result: ImportResult) {
    const c = chosen!;
    const { counts } = result;
    const canSkip = c.format === "csv" && counts.errors > 0 && result.errors.every((e) => e.line !== null);
    const summary = html`<ul class="import-counts">
      <li><strong>${plural(counts.rows, "row")}</strong> read from ${c.file.name} (${FORMAT_NAMES[result.format]}, into ${c.account.name})</li>
      <li><strong>${plural(counts.new, "new transaction")}</strong> to import</li>
      <li><strong>${plural(counts.duplicates, "duplicate")}</strong> already in Tandem, will be skipped</li>
      <li class=${counts.errors ? "negative" : ""}><strong>${plural(counts.errors, "line")} cannot be read</strong>${counts.errors ? (canSkip ? ", will be left out" : "") : ""}</li>
    </ul>`;
    const errors = result.errors.length
      ? html`<div class="import-errors" role="group" aria-labelledby="import-errors-heading">
          <h3 id="import-errors-heading">Lines that cannot be read</h3>
          <ul>${result.errors.map((e) => html`<li>${errorWords(e)}</li>`)}</ul>
          <p class="tandem-muted">${
            canSkip
              ? "Import leaves these lines out; fix them in the file and import it again to add them (the rest will be recognised as duplicates)."
              : "Fix the file or the column choices, then preview again."
          }</p>
        </div>`
      : null;
    previewBody.replaceChildren(summary, ...(errors ? [errors] : []), previewTable(result));
    const button = commitForm.querySelector<HTMLButtonElement>("button[type=submit]")!;
    button.textContent = counts.new === 0 ? "Nothing new to import" : `Import ${plural(counts.new, "transaction")}`;
    button.disabled = counts.new === 0 || (counts.errors > 0 && !canSkip);
    commitForm.querySelector<HTMLButtonElement>("[data-back]")!.hidden = c.format !== "csv";
    clearErrors(commitForm);
  }

  commitForm.querySelector<HTMLButtonElement>("[data-back]")!.addEventListener("click", () => {
    hideFrom(2);
    reveal(mapSection, mapHeading, 1);
  });

  commitForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!chosen || !preview) return;
    const c = chosen;
    const skipped = preview.errors.map((e) => e.line).filter((l): l is number => l !== null);
    const body = skipped.length ? new Blob([withoutLines(c.text, skipped)], { type: "text/csv" }) : c.file;
    const result = await submitting(commitForm, () => upload("commit", body), { busyLabel: "Importing…" });
    if (!result) return;
    if (mappingUsed && result.mappingSaved) mappings.set(c.account.id, mappingUsed);
    const { counts } = result;
    doneBody.replaceChildren(
      html`<div class="tandem-success import-result" role="status">
        <p><strong>${plural(counts.inserted, "transaction")} imported</strong> into ${c.account.name}.</p>
        <ul class="import-counts">
          <li>${plural(counts.duplicates, "duplicate")} skipped</li>
          <li>${plural(skipped.length, "unreadable line")} left out</li>
          ${result.mappingSaved ? html`<li>The column choices are remembered for ${c.account.name}</li>` : null}
        </ul>
      </div>`,
      html`<p><a href=${`./transactions?accountId=${encodeURIComponent(c.account.id)}`}>See the transactions of ${c.account.name}</a></p>`,
    );
    commitForm.querySelector<HTMLButtonElement>("button[type=submit]")!.disabled = true;
    reveal(doneSection, doneHeading, 3);
  });

  again.addEventListener("click", () => {
    chosen = null;
    preview = null;
    field<HTMLInputElement>(chooseForm, "file").value = "";
    hideFrom(1);
    showStep(0);
    field<HTMLInputElement>(chooseForm, "file").focus();
  });

  return html`<div class="import-wizard">
    ${stepList}
    <section class="import-step" aria-labelledby="import-choose-heading">
      <h2 id="import-choose-heading">1. Choose the account and the file</h2>
      <p class="tandem-muted">Download a statement from your bank's website and pick it here. Nothing is saved until you press Import.</p>
      ${chooseForm}
    </section>
    ${mapSection}
    ${previewSection}
    ${doneSection}
  </div>`;
}
