import { RULE_STAGES, type RuleAction, type RuleCondition, type RuleStage } from "@tandem/shared";
import { checkRegex, safeTest } from "./regex";

/**
 * The rules engine, pure. Rules run in stage order (first → normal → last), then by
 * priority (0 first), then by id so the order is total. Each rule's conditions see the
 * transaction as the rules before it left it (a `first`-stage rename feeds later rules).
 * Within a stage the first matching rule to set a field keeps it, which is what "higher
 * in the list wins" means; a later stage may override an earlier one. Tags accumulate;
 * appended notes are appended once. A member's explicit choice is never changed.
 */

export interface RuleDefinition {
  id: string;
  name: string;
  enabled: boolean;
  stage: RuleStage;
  priority: number;
  match: "all" | "any";
  conditions: RuleCondition[];
  actions: RuleAction[];
}

export type CategorySource = "member" | "rule" | "plaid";

/** What the engine reads and may change about one transaction. */
export interface TransactionFacts {
  id: string;
  accountId: string;
  date: string;
  amount: number;
  description: string;
  merchant: string | null;
  plaidCategory: string | null;
  categoryId: string | null;
  categorySource: CategorySource | null;
  categorisedBy: string | null;
  notes: string | null;
  tags: string[];
  editedFields: string[];
}

export interface TransactionState {
  categoryId: string | null;
  categorySource: CategorySource | null;
  categorisedBy: string | null;
  merchant: string | null;
  notes: string | null;
  tags: string[];
}

export interface Outcome {
  /** The transaction's state after the rules. */
  after: TransactionState;
  /** Ids of the rules whose conditions matched, in the order they ran. */
  matchedRuleIds: string[];
  /** Whether any field (or the category's provenance) differs from before. */
  changed: boolean;
  /** Whether some matching rule's action was held back by a member's choice. */
  protected: boolean;
  fields: { category: boolean; merchant: boolean; tags: boolean; notes: boolean };
}

type Test = (facts: TransactionFacts, merchant: string | null) => boolean;

export interface CompiledRule {
  definition: RuleDefinition;
  test: Test;
}

const STAGE_ORDER: Record<RuleStage, number> = Object.fromEntries(RULE_STAGES.map((s, i) => [s, i])) as Record<
  RuleStage,
  number
>;

export class UnsafeRegexError extends Error {
  constructor(
    readonly conditionIndex: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

const lower = (text: string) => text.trim().toLowerCase();

function textOf(field: "description" | "merchant" | "plaidCategory", facts: TransactionFacts, merchant: string | null) {
  if (field === "description") return facts.description;
  if (field === "merchant") return merchant;
  return facts.plaidCategory;
}

/** Turns one condition into a predicate; regexes are checked and compiled once here. */
export function compileCondition(condition: RuleCondition, index = 0): Test {
  switch (condition.field) {
    case "description":
    case "merchant":
    case "plaidCategory": {
      const field = condition.field;
      const read = (facts: TransactionFacts, merchant: string | null) => {
        const value = textOf(field, facts, merchant);
        return value === null ? null : lower(value);
      };
      switch (condition.op) {
        case "is": {
          const want = lower(condition.value);
          return (f, m) => read(f, m) === want;
        }
        case "contains": {
          const want = lower(condition.value);
          return (f, m) => read(f, m)?.includes(want) ?? false;
        }
        case "startsWith": {
          const want = lower(condition.value);
          return (f, m) => read(f, m)?.startsWith(want) ?? false;
        }
        case "oneOf": {
          const want = new Set(condition.value.map(lower));
          return (f, m) => {
            const value = read(f, m);
            return value !== null && want.has(value);
          };
        }
        case "regex": {
          const verdict = checkRegex(condition.value);
          if (!verdict.ok) throw new UnsafeRegexError(index, verdict.reason);
          const regex = verdict.regex;
          return (f, m) => {
            const value = textOf(field, f, m);
            return value !== null && safeTest(regex, value);
          };
        }
      }
      break;
    }
    case "account": {
      if (condition.op === "is") {
        const want = condition.value;
        return (f) => f.accountId === want;
      }
      const want = new Set(condition.value);
      return (f) => want.has(f.accountId);
    }
    case "amount": {
      if (condition.op === "is") {
        const want = condition.value;
        return (f) => Math.abs(f.amount) === want;
      }
      const { min, max } = condition.value;
      return (f) => {
        const magnitude = Math.abs(f.amount);
        return (min === undefined || magnitude >= min) && (max === undefined || magnitude <= max);
      };
    }
    case "sign": {
      const outflow = condition.value === "outflow";
      return (f) => (outflow ? f.amount < 0 : f.amount > 0);
    }
    case "date": {
      if (condition.op === "is") {
        const want = condition.value;
        return (f) => f.date === want;
      }
      const { from, to } = condition.value;
      return (f) => (from === undefined || f.date >= from) && (to === undefined || f.date <= to);
    }
  }
  throw new Error("unreachable: unknown condition");
}

export function compileRule(definition: RuleDefinition): CompiledRule {
  const tests = definition.conditions.map((c, i) => compileCondition(c, i));
  const test: Test =
    definition.match === "any" ? (f, m) => tests.some((t) => t(f, m)) : (f, m) => tests.every((t) => t(f, m));
  return { definition, test };
}

/** Sorts and compiles; disabled rules are left out unless `includeDisabled`. */
export function compileRules(definitions: readonly RuleDefinition[], { includeDisabled = false } = {}): CompiledRule[] {
  return [...definitions]
    .filter((r) => includeDisabled || r.enabled)
    .sort(
      (a, b) =>
        STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage] ||
        a.priority - b.priority ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .map(compileRule);
}

const sameTags = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

export interface RunOptions {
  /** False only to ask "what would the rules do", ignoring members' choices (suggestions). */
  respectMemberChoices?: boolean;
}

/** Runs the compiled rules over one transaction. */
export function runRules(rules: readonly CompiledRule[], facts: TransactionFacts, options: RunOptions = {}): Outcome {
  const respect = options.respectMemberChoices ?? true;
  const locked = {
    category: respect && facts.categorySource === "member",
    merchant: respect && facts.editedFields.includes("merchant"),
    notes: respect && facts.editedFields.includes("notes"),
    tags: respect && facts.editedFields.includes("tags"),
  };
  const state: TransactionState = {
    categoryId: facts.categoryId,
    categorySource: facts.categorySource,
    categorisedBy: facts.categorisedBy,
    merchant: facts.merchant,
    notes: facts.notes,
    tags: [...facts.tags],
  };
  const matchedRuleIds: string[] = [];
  let held = false;
  let stage: RuleStage | null = null;
  let claimed = new Set<"category" | "merchant" | "notes">();

  for (const rule of rules) {
    const def = rule.definition;
    if (def.stage !== stage) {
      stage = def.stage;
      claimed = new Set();
    }
    if (!rule.test(facts, state.merchant)) continue;
    matchedRuleIds.push(def.id);
    for (const action of def.actions) {
      switch (action.type) {
        case "setCategory":
          if (locked.category) held = true;
          else if (!claimed.has("category")) {
            claimed.add("category");
            state.categoryId = action.categoryId;
            state.categorySource = "rule";
            state.categorisedBy = def.id;
          }
          break;
        case "renameMerchant":
          if (locked.merchant) held = true;
          else if (!claimed.has("merchant")) {
            claimed.add("merchant");
            state.merchant = action.merchant;
          }
          break;
        case "addTags":
          if (locked.tags) held = true;
          else {
            const have = new Set(state.tags.map((t) => t.toLowerCase()));
            for (const tag of action.tags) {
              if (!have.has(tag.toLowerCase())) {
                have.add(tag.toLowerCase());
                state.tags.push(tag);
              }
            }
          }
          break;
        case "setNotes":
          if (locked.notes) held = true;
          else if (!claimed.has("notes")) {
            claimed.add("notes");
            state.notes = action.notes;
          }
          break;
        case "appendNotes":
          // Appending is idempotent: applying the rule again does not repeat the text.
          if (locked.notes) held = true;
          else if (!(state.notes ?? "").includes(action.notes)) {
            state.notes = state.notes ? `${state.notes}\n${action.notes}` : action.notes;
          }
          break;
      }
    }
  }

  const fields = {
    category:
      state.categoryId !== facts.categoryId ||
      state.categorySource !== facts.categorySource ||
      state.categorisedBy !== facts.categorisedBy,
    merchant: state.merchant !== facts.merchant,
    tags: !sameTags(state.tags, facts.tags),
    notes: state.notes !== facts.notes,
  };
  return {
    after: state,
    matchedRuleIds,
    changed: fields.category || fields.merchant || fields.tags || fields.notes,
    protected: held,
    fields,
  };
}

/** Every unsafe regex of a rule, as field errors for a 422. */
export function regexProblems(conditions: readonly RuleCondition[], path = "conditions") {
  const errors: { path: string; message: string }[] = [];
  conditions.forEach((condition, i) => {
    if (condition.op !== "regex") return;
    const verdict = checkRegex(condition.value);
    if (!verdict.ok) errors.push({ path: `${path}.${i}.value`, message: verdict.reason });
  });
  return errors;
}
