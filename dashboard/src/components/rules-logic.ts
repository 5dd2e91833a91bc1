/**
 * The pure parts of the Rules page: rules and their conditions and actions in words, the
 * form's drafts to and from the API's bodies, and moving a rule within its stage.
 */
import type { CreateRuleBody, Rule, RuleAction, RuleCondition, RuleStage } from "../shared/contract/rules.js";
import { MoneyParseError, toDecimalString, toMinorUnits } from "../shared/money.js";
import { money } from "./format.js";
import type { FieldError } from "./session.js";

export const STAGES: readonly RuleStage[] = ["first", "normal", "last"];
export const STAGE_LABELS: Record<RuleStage, string> = {
  first: "First (runs before the others)",
  normal: "Normal",
  last: "Last (can override the others)",
};
export const STAGE_SHORT: Record<RuleStage, string> = { first: "First", normal: "Normal", last: "Last" };

export type ConditionField = RuleCondition["field"];
export type ConditionOp = RuleCondition["op"];

export const FIELD_LABELS: Record<ConditionField, string> = {
  description: "Description",
  merchant: "Merchant",
  plaidCategory: "Bank's category",
  account: "Account",
  amount: "Amount (size, in or out)",
  sign: "Money in or out",
  date: "Date",
};

export const OPS_BY_FIELD: Record<ConditionField, readonly ConditionOp[]> = {
  description: ["contains", "is", "startsWith", "oneOf", "regex"],
  merchant: ["contains", "is", "startsWith", "oneOf", "regex"],
  plaidCategory: ["contains", "is", "startsWith", "oneOf", "regex"],
  account: ["is", "oneOf"],
  amount: ["is", "between"],
  sign: ["is"],
  date: ["is", "between"],
};

export const OP_LABELS: Record<ConditionOp, string> = {
  is: "is",
  contains: "contains",
  startsWith: "starts with",
  regex: "matches a pattern (regex)",
  oneOf: "is one of",
  between: "is between",
};

/** What the form holds for one condition; `value2` is the upper end of a range. */
export interface ConditionDraft {
  field: ConditionField;
  op: ConditionOp;
  value: string;
  value2: string;
  /** Accounts chosen for `account oneOf`. */
  values: string[];
}

export interface ActionsDraft {
  categoryId: string;
  merchant: string;
  tags: string;
  notesMode: "none" | "set" | "append";
  notes: string;
}

export interface RuleDraft {
  name: string;
  enabled: boolean;
  stage: RuleStage;
  match: "all" | "any";
  conditions: ConditionDraft[];
  actions: ActionsDraft;
}

/** The form control (by `name`) each kind of action is typed into. */
export const ACTION_CONTROLS: Record<RuleAction["type"], string> = {
  setCategory: "action.categoryId",
  renameMerchant: "action.merchant",
  addTags: "action.tags",
  setNotes: "action.notes",
  appendNotes: "action.notes",
};

export function emptyCondition(field: ConditionField = "merchant"): ConditionDraft {
  return { field, op: OPS_BY_FIELD[field][0]!, value: field === "sign" ? "outflow" : "", value2: "", values: [] };
}

export function emptyDraft(): RuleDraft {
  return {
    name: "",
    enabled: true,
    stage: "normal",
    match: "all",
    conditions: [emptyCondition()],
    actions: { categoryId: "", merchant: "", tags: "", notesMode: "none", notes: "" },
  };
}

const list = (text: string) =>
  text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

/** A refusal found before asking the API, in the API's shape so the form shows it alike. */
export class DraftError extends Error {
  constructor(readonly fields: FieldError[]) {
    super(fields.map((f) => f.message).join("; "));
  }
}

function amountOf(text: string, currency: string, path: string, errors: FieldError[]): number | undefined {
  const cleaned = text.replace(/[,\s]/g, "").replace(/^[^\d.+-]+/, "");
  if (!cleaned) return undefined;
  try {
    const minor = toMinorUnits(cleaned, currency);
    if (minor < 0) throw new MoneyParseError("negative");
    return minor;
  } catch {
    errors.push({ path, message: `Enter an amount like 25.00 (no minus sign: use “Money in or out” for direction)` });
    return undefined;
  }
}

function conditionOf(d: ConditionDraft, i: number, currency: string, errors: FieldError[]): RuleCondition | null {
  const path = `conditions.${i}.value`;
  const missing = (message = "Fill this in") => {
    errors.push({ path, message });
    return null;
  };
  switch (d.field) {
    case "description":
    case "merchant":
    case "plaidCategory": {
      if (d.op === "oneOf") {
        const values = list(d.value);
        return values.length
          ? { field: d.field, op: "oneOf", value: values }
          : missing("Give one or more, separated by commas");
      }
      if (d.op === "regex") return d.value ? { field: d.field, op: "regex", value: d.value } : missing();
      const value = d.value.trim();
      if (!value) return missing();
      return { field: d.field, op: d.op as "is" | "contains" | "startsWith", value };
    }
    case "account":
      if (d.op === "oneOf")
        return d.values.length
          ? { field: "account", op: "oneOf", value: d.values }
          : missing("Pick one or more accounts");
      return d.value ? { field: "account", op: "is", value: d.value } : missing("Pick an account");
    case "sign":
      return { field: "sign", op: "is", value: d.value === "inflow" ? "inflow" : "outflow" };
    case "amount": {
      if (d.op === "between") {
        const before = errors.length;
        const min = amountOf(d.value, currency, path, errors);
        const max = amountOf(d.value2, currency, `conditions.${i}.value2`, errors);
        if (errors.length > before) return null;
        if (min === undefined && max === undefined) return missing("Give a lowest amount, a highest, or both");
        return {
          field: "amount",
          op: "between",
          value: { ...(min !== undefined && { min }), ...(max !== undefined && { max }) },
        };
      }
      const before = errors.length;
      const value = amountOf(d.value, currency, path, errors);
      if (errors.length > before) return null;
      return value === undefined ? missing("Enter an amount") : { field: "amount", op: "is", value };
    }
    case "date":
      if (d.op === "between") {
        if (!d.value && !d.value2) return missing("Give a first day, a last day, or both");
        return {
          field: "date",
          op: "between",
          value: { ...(d.value && { from: d.value }), ...(d.value2 && { to: d.value2 }) },
        };
      }
      return d.value ? { field: "date", op: "is", value: d.value } : missing("Pick a day");
  }
}

export function actionsOf(a: ActionsDraft): RuleAction[] {
  const actions: RuleAction[] = [];
  if (a.categoryId) actions.push({ type: "setCategory", categoryId: a.categoryId });
  if (a.merchant.trim()) actions.push({ type: "renameMerchant", merchant: a.merchant.trim() });
  const tags = list(a.tags);
  if (tags.length) actions.push({ type: "addTags", tags });
  if (a.notesMode !== "none" && a.notes.trim())
    actions.push({ type: a.notesMode === "set" ? "setNotes" : "appendNotes", notes: a.notes });
  return actions;
}

/** The API's body for a draft; throws DraftError naming the fields that cannot be sent as they are. */
export function bodyOf(draft: RuleDraft, currency: string): CreateRuleBody {
  const errors: FieldError[] = [];
  if (!draft.name.trim()) errors.push({ path: "name", message: "Give the rule a name" });
  const conditions = draft.conditions.map((d, i) => conditionOf(d, i, currency, errors));
  if (draft.conditions.length === 0) errors.push({ path: "conditions", message: "Add at least one condition" });
  const actions = actionsOf(draft.actions);
  if (actions.length === 0) errors.push({ path: "actions", message: "Choose at least one thing the rule does" });
  if (errors.length) throw new DraftError(errors);
  return {
    name: draft.name.trim(),
    enabled: draft.enabled,
    stage: draft.stage,
    match: draft.match,
    conditions: conditions as RuleCondition[],
    actions,
  };
}

/** The form's draft for a rule (or a suggested body), to edit. */
export function draftOf(
  rule: Pick<Rule, "name" | "enabled" | "stage" | "match" | "conditions" | "actions">,
  currency: string,
): RuleDraft {
  const amount = (minor: number | undefined) => (minor === undefined ? "" : toDecimalString(minor, currency));
  const conditions = rule.conditions.map((c): ConditionDraft => {
    const d = emptyCondition(c.field);
    d.op = c.op;
    if (c.field === "amount") {
      if (c.op === "between") {
        d.value = amount(c.value.min);
        d.value2 = amount(c.value.max);
      } else d.value = amount(c.value);
    } else if (c.field === "date" && c.op === "between") {
      d.value = c.value.from ?? "";
      d.value2 = c.value.to ?? "";
    } else if (c.field === "account" && c.op === "oneOf") d.values = [...c.value];
    else if (c.op === "oneOf") d.value = (c.value as string[]).join(", ");
    else d.value = String(c.value);
    return d;
  });
  const actions: ActionsDraft = { categoryId: "", merchant: "", tags: "", notesMode: "none", notes: "" };
  for (const a of rule.actions) {
    if (a.type === "setCategory") actions.categoryId = a.categoryId;
    else if (a.type === "renameMerchant") actions.merchant = a.merchant;
    else if (a.type === "addTags") actions.tags = a.tags.join(", ");
    else {
      actions.notesMode = a.type === "setNotes" ? "set" : "append";
      actions.notes = a.notes;
    }
  }
  return { name: rule.name, enabled: rule.enabled, stage: rule.stage, match: rule.match, conditions, actions };
}

/**
 * The API's field paths as the form's control names: a preview's `rule.` prefix goes, and
 * `actions.1.tags` becomes the control of the second action sent.
 */
export function formPaths(fields: readonly FieldError[], sentActions: readonly RuleAction[]): FieldError[] {
  return fields.map(({ path, message }) => {
    let p = path.startsWith("rule.") ? path.slice(5) : path;
    const action = /^actions\.(\d+)(?:\.|$)/.exec(p);
    if (action) {
      const sent = sentActions[Number(action[1])];
      if (sent) p = ACTION_CONTROLS[sent.type];
    }
    return { path: p, message };
  });
}

export interface Names {
  category(id: string): string;
  account(id: string): string;
  currency: string;
}

const quoted = (text: string) => `“${text}”`;

export function conditionText(c: RuleCondition, names: Names): string {
  const field = FIELD_LABELS[c.field].replace(/ \(.*\)$/, "").toLowerCase();
  switch (c.field) {
    case "account":
      return c.op === "oneOf"
        ? `the account is one of ${c.value.map(names.account).join(", ")}`
        : `the account is ${names.account(c.value)}`;
    case "amount":
      if (c.op === "between") {
        const { min, max } = c.value;
        if (min !== undefined && max !== undefined)
          return `the amount is between ${money(min, names.currency)} and ${money(max, names.currency)}`;
        return min !== undefined
          ? `the amount is at least ${money(min, names.currency)}`
          : `the amount is at most ${money(max!, names.currency)}`;
      }
      return `the amount is ${money(c.value, names.currency)}`;
    case "sign":
      return c.value === "inflow" ? "money comes in" : "money goes out";
    case "date":
      if (c.op === "between") {
        const { from, to } = c.value;
        if (from && to) return `the date is from ${from} to ${to}`;
        return from ? `the date is on or after ${from}` : `the date is on or before ${to}`;
      }
      return `the date is ${c.value}`;
    default: {
      const what = c.field === "plaidCategory" ? "the bank's category" : `the ${field}`;
      if (c.op === "oneOf") return `${what} is one of ${c.value.map(quoted).join(", ")}`;
      if (c.op === "regex") return `${what} matches the pattern ${quoted(c.value)}`;
      return `${what} ${OP_LABELS[c.op]} ${quoted(c.value)}`;
    }
  }
}

export function actionText(a: RuleAction, names: Names): string {
  switch (a.type) {
    case "setCategory":
      return `set the category to ${names.category(a.categoryId)}`;
    case "renameMerchant":
      return `set the merchant to ${quoted(a.merchant)}`;
    case "addTags":
      return `add the tag${a.tags.length > 1 ? "s" : ""} ${a.tags.map(quoted).join(", ")}`;
    case "setNotes":
      return `set the notes to ${quoted(a.notes)}`;
    case "appendNotes":
      return `add ${quoted(a.notes)} to the notes`;
  }
}

export function whenText(rule: Pick<Rule, "match" | "conditions">, names: Names): string {
  const parts = rule.conditions.map((c) => conditionText(c, names));
  if (parts.length === 1) return `When ${parts[0]}`;
  return rule.match === "all" ? `When ${parts.join(" and ")}` : `When any of these holds: ${parts.join("; or ")}`;
}

export function thenText(rule: Pick<Rule, "actions">, names: Names): string {
  const parts = rule.actions.map((a) => actionText(a, names));
  const text = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts[0]!;
  return `then ${text}.`;
}

/** Rules in the order they run: by stage, then priority. */
export function runOrder<T extends Pick<Rule, "stage" | "priority">>(rules: readonly T[]): T[] {
  return [...rules].sort((a, b) => STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) || a.priority - b.priority);
}

/**
 * The order after moving one rule up (-1) or down (+1) past its neighbour in the same
 * stage; null when it is already first or last there.
 */
export function moved<T extends Pick<Rule, "id" | "stage" | "priority">>(
  rules: readonly T[],
  id: string,
  direction: -1 | 1,
): T[] | null {
  const order = runOrder(rules);
  const at = order.findIndex((r) => r.id === id);
  const other = at + direction;
  if (at < 0 || other < 0 || other >= order.length || order[other]!.stage !== order[at]!.stage) return null;
  [order[at], order[other]] = [order[other]!, order[at]!];
  return order;
}
