import type { RuleAction, RuleCondition } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { compileRules, type RuleDefinition, runRules, type TransactionFacts, UnsafeRegexError } from "./engine";

const ACCOUNT = "00000000-0000-4000-8000-00000000000a";
const OTHER_ACCOUNT = "00000000-0000-4000-8000-00000000000b";
const GROCERIES = "00000000-0000-4000-8000-0000000000c1";
const DINING = "00000000-0000-4000-8000-0000000000c2";
const MEMBER = "00000000-0000-4000-8000-0000000000f1";

function tx(over: Partial<TransactionFacts> = {}): TransactionFacts {
  return {
    id: "t1",
    accountId: ACCOUNT,
    date: "2026-03-05",
    amount: -4_250,
    description: "CARD PAYMENT TESCO STORES 2231",
    merchant: "Tesco",
    plaidCategory: "FOOD_AND_DRINK_GROCERIES",
    categoryId: null,
    categorySource: null,
    categorisedBy: null,
    notes: null,
    tags: [],
    editedFields: [],
    ...over,
  };
}

let seq = 0;
function rule(conditions: RuleCondition[], actions: RuleAction[], over: Partial<RuleDefinition> = {}): RuleDefinition {
  seq++;
  return {
    id: `r${String(seq).padStart(3, "0")}`,
    name: `rule ${seq}`,
    enabled: true,
    stage: "normal",
    priority: seq,
    match: "all",
    conditions,
    actions,
    ...over,
  };
}

const setCategory = (categoryId: string): RuleAction => ({ type: "setCategory", categoryId });
const matches = (condition: RuleCondition, facts = tx()) =>
  runRules(compileRules([rule([condition], [setCategory(GROCERIES)])]), facts).matchedRuleIds.length === 1;

describe("operators", () => {
  it.each<[string, RuleCondition, boolean]>([
    [
      "description is (case-insensitive, trimmed)",
      { field: "description", op: "is", value: " card payment tesco stores 2231 " },
      true,
    ],
    ["description is, different text", { field: "description", op: "is", value: "tesco" }, false],
    ["description contains", { field: "description", op: "contains", value: "TESCO stores" }, true],
    ["description contains, absent", { field: "description", op: "contains", value: "lidl" }, false],
    ["description starts with", { field: "description", op: "startsWith", value: "card payment" }, true],
    ["description starts with, elsewhere", { field: "description", op: "startsWith", value: "tesco" }, false],
    ["merchant one of", { field: "merchant", op: "oneOf", value: ["Lidl", "TESCO"] }, true],
    ["merchant one of, none", { field: "merchant", op: "oneOf", value: ["Lidl", "Aldi"] }, false],
    ["merchant regex", { field: "merchant", op: "regex", value: "^tes(co)?$" }, true],
    ["description regex", { field: "description", op: "regex", value: "stores \\d{4}$" }, true],
    ["plaid category starts with", { field: "plaidCategory", op: "startsWith", value: "food_and_drink" }, true],
    ["account is", { field: "account", op: "is", value: ACCOUNT }, true],
    ["account is another", { field: "account", op: "is", value: OTHER_ACCOUNT }, false],
    ["account one of", { field: "account", op: "oneOf", value: [OTHER_ACCOUNT, ACCOUNT] }, true],
    ["amount is (magnitude)", { field: "amount", op: "is", value: 4_250 }, true],
    ["amount between", { field: "amount", op: "between", value: { min: 4_000, max: 5_000 } }, true],
    ["amount between, open above", { field: "amount", op: "between", value: { min: 4_251 } }, false],
    ["amount between, inclusive max", { field: "amount", op: "between", value: { max: 4_250 } }, true],
    ["sign outflow", { field: "sign", op: "is", value: "outflow" }, true],
    ["sign inflow", { field: "sign", op: "is", value: "inflow" }, false],
    ["date is", { field: "date", op: "is", value: "2026-03-05" }, true],
    ["date between", { field: "date", op: "between", value: { from: "2026-03-01", to: "2026-03-31" } }, true],
    ["date between, before", { field: "date", op: "between", value: { to: "2026-03-04" } }, false],
  ])("%s", (_, condition, expected) => {
    expect(matches(condition)).toBe(expected);
  });

  it("never matches a text condition on a missing merchant", () => {
    expect(matches({ field: "merchant", op: "contains", value: "t" }, tx({ merchant: null }))).toBe(false);
    expect(matches({ field: "merchant", op: "regex", value: "." }, tx({ merchant: null }))).toBe(false);
  });

  it("combines conditions with AND, or with OR when match is any", () => {
    const conditions: RuleCondition[] = [
      { field: "merchant", op: "is", value: "tesco" },
      { field: "amount", op: "between", value: { min: 10_000 } },
    ];
    const all = compileRules([rule(conditions, [setCategory(GROCERIES)])]);
    const any = compileRules([rule(conditions, [setCategory(GROCERIES)], { match: "any" })]);
    expect(runRules(all, tx()).matchedRuleIds).toHaveLength(0);
    expect(runRules(any, tx()).matchedRuleIds).toHaveLength(1);
  });

  it("refuses an unsafe regex at compile time", () => {
    expect(() => compileRules([rule([{ field: "description", op: "regex", value: "(a+)+$" }], [])])).toThrow(
      UnsafeRegexError,
    );
  });
});

describe("actions", () => {
  it("set the category with the rule as the reason, rename, tag and note", () => {
    const r = rule(
      [{ field: "merchant", op: "contains", value: "tesco" }],
      [
        setCategory(GROCERIES),
        { type: "renameMerchant", merchant: "Tesco Superstore" },
        { type: "addTags", tags: ["food", "weekly"] },
        { type: "setNotes", notes: "big shop" },
      ],
    );
    const outcome = runRules(compileRules([r]), tx({ tags: ["Food"] }));
    expect(outcome.after).toEqual({
      categoryId: GROCERIES,
      categorySource: "rule",
      categorisedBy: r.id,
      merchant: "Tesco Superstore",
      notes: "big shop",
      tags: ["Food", "weekly"],
    });
    expect(outcome.changed).toBe(true);
    expect(outcome.fields).toEqual({ category: true, merchant: true, tags: true, notes: true });
  });

  it("append notes once, however often the rule runs", () => {
    const rules = compileRules([
      rule([{ field: "sign", op: "is", value: "outflow" }], [{ type: "appendNotes", notes: "check" }]),
    ]);
    const first = runRules(rules, tx({ notes: "mine" }));
    expect(first.after.notes).toBe("mine\ncheck");
    const again = runRules(rules, tx({ notes: first.after.notes }));
    expect(again.changed).toBe(false);
  });

  it("win over Plaid's category", () => {
    const rules = compileRules([rule([{ field: "merchant", op: "is", value: "tesco" }], [setCategory(DINING)])]);
    const outcome = runRules(rules, tx({ categoryId: GROCERIES, categorySource: "plaid", categorisedBy: "FOOD" }));
    expect(outcome.after).toMatchObject({ categoryId: DINING, categorySource: "rule" });
  });

  it("never overwrite a member's choice", () => {
    const rules = compileRules([
      rule(
        [{ field: "merchant", op: "contains", value: "tesco" }],
        [
          setCategory(DINING),
          { type: "renameMerchant", merchant: "X" },
          { type: "addTags", tags: ["x"] },
          { type: "appendNotes", notes: "x" },
        ],
      ),
    ]);
    const mine = tx({
      categoryId: GROCERIES,
      categorySource: "member",
      categorisedBy: MEMBER,
      editedFields: ["merchant", "notes", "tags"],
      notes: "my note",
      tags: ["mine"],
    });
    const outcome = runRules(rules, mine);
    expect(outcome.changed).toBe(false);
    expect(outcome.protected).toBe(true);
    expect(outcome.after).toMatchObject({ categoryId: GROCERIES, categorySource: "member", merchant: "Tesco" });
    // Asked what the rules alone would do (for suggestions), the member is set aside.
    expect(runRules(rules, mine, { respectMemberChoices: false }).after.categoryId).toBe(DINING);
  });
});

describe("order", () => {
  const tesco: RuleCondition = { field: "merchant", op: "contains", value: "tesco" };

  it("within a stage, the higher rule (lower priority number) wins the field", () => {
    const top = rule([tesco], [setCategory(GROCERIES)], { priority: 0 });
    const below = rule([tesco], [setCategory(DINING), { type: "addTags", tags: ["b"] }], { priority: 5 });
    const outcome = runRules(compileRules([below, top]), tx());
    expect(outcome.after).toMatchObject({ categoryId: GROCERIES, categorisedBy: top.id, tags: ["b"] });
    expect(outcome.matchedRuleIds).toEqual([top.id, below.id]);
  });

  it("a later stage overrides; a first-stage rename feeds the rules after it", () => {
    const rename = rule(
      [{ field: "description", op: "contains", value: "tesco" }],
      [{ type: "renameMerchant", merchant: "Tesco Express" }],
      {
        stage: "first",
        priority: 9,
      },
    );
    const byName = rule([{ field: "merchant", op: "is", value: "tesco express" }], [setCategory(DINING)], {
      priority: 0,
    });
    const last = rule([{ field: "amount", op: "between", value: { min: 10_000 } }], [setCategory(GROCERIES)], {
      stage: "last",
      priority: 0,
    });
    const outcome = runRules(compileRules([last, byName, rename]), tx({ merchant: null }));
    expect(outcome.after).toMatchObject({ merchant: "Tesco Express", categoryId: DINING });
    expect(outcome.matchedRuleIds).toEqual([rename.id, byName.id]);
    const big = runRules(compileRules([last, byName, rename]), tx({ merchant: null, amount: -20_000 }));
    expect(big.after).toMatchObject({ categoryId: GROCERIES, categorisedBy: last.id });
  });

  it("leaves disabled rules out", () => {
    const off = rule([tesco], [setCategory(DINING)], { enabled: false });
    expect(runRules(compileRules([off]), tx()).matchedRuleIds).toEqual([]);
    expect(runRules(compileRules([off], { includeDisabled: true }), tx()).after.categoryId).toBe(DINING);
  });

  it("changes nothing when nothing matches", () => {
    const outcome = runRules(
      compileRules([rule([{ field: "merchant", op: "is", value: "lidl" }], [setCategory(DINING)])]),
      tx(),
    );
    expect(outcome).toMatchObject({ changed: false, protected: false, matchedRuleIds: [] });
  });
});
