import { describe, expect, it } from "vitest";
import {
  bodyOf,
  DraftError,
  draftOf,
  emptyDraft,
  formPaths,
  moved,
  type Names,
  runOrder,
  thenText,
  whenText,
} from "./rules-logic";

const names: Names = {
  category: (id) => (id === "c1" ? "Groceries" : "?"),
  account: () => "Checking",
  currency: "USD",
};

describe("a rule in words", () => {
  it("says when and then", () => {
    const rule = {
      match: "all" as const,
      conditions: [
        { field: "merchant" as const, op: "contains" as const, value: "Whole Foods" },
        { field: "amount" as const, op: "between" as const, value: { min: 1000, max: 5000 } },
        { field: "sign" as const, op: "is" as const, value: "outflow" as const },
      ],
      actions: [
        { type: "setCategory" as const, categoryId: "c1" },
        { type: "addTags" as const, tags: ["food", "weekly"] },
      ],
    };
    expect(whenText(rule, names)).toBe(
      "When the merchant contains “Whole Foods” and the amount is between $10.00 and $50.00 and money goes out",
    );
    expect(thenText(rule, names)).toBe("then set the category to Groceries and add the tags “food”, “weekly”.");
    expect(whenText({ ...rule, match: "any" }, names)).toMatch(/^When any of these holds: .*; or money goes out$/);
  });
});

describe("the form's draft and the API's body", () => {
  it("parses amounts exactly and splits lists", () => {
    const draft = emptyDraft();
    draft.name = "  Rent  ";
    draft.conditions = [
      { field: "amount", op: "between", value: "1,200.10", value2: "", values: [] },
      { field: "description", op: "oneOf", value: "rent, landlord ,", value2: "", values: [] },
    ];
    draft.actions.tags = "home, rent";
    draft.actions.notesMode = "append";
    draft.actions.notes = "monthly";
    expect(bodyOf(draft, "USD")).toEqual({
      name: "Rent",
      enabled: true,
      stage: "normal",
      match: "all",
      conditions: [
        { field: "amount", op: "between", value: { min: 120_010 } },
        { field: "description", op: "oneOf", value: ["rent", "landlord"] },
      ],
      actions: [
        { type: "addTags", tags: ["home", "rent"] },
        { type: "appendNotes", notes: "monthly" },
      ],
    });
  });

  it("names the fields it cannot send", () => {
    const draft = emptyDraft();
    draft.conditions = [{ field: "amount", op: "is", value: "12.345", value2: "", values: [] }];
    try {
      bodyOf(draft, "USD");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DraftError);
      expect((error as DraftError).fields.map((f) => f.path)).toEqual(["name", "conditions.0.value", "actions"]);
    }
  });

  it("round-trips a rule through the form", () => {
    const rule = {
      name: "Uber",
      enabled: false,
      stage: "first" as const,
      match: "any" as const,
      conditions: [
        { field: "description" as const, op: "regex" as const, value: "^uber\\s*\\*" },
        { field: "amount" as const, op: "is" as const, value: 2550 },
        { field: "date" as const, op: "between" as const, value: { from: "2026-01-01" } },
      ],
      actions: [
        { type: "renameMerchant" as const, merchant: "Uber" },
        { type: "setNotes" as const, notes: "ride" },
      ],
    };
    expect(bodyOf(draftOf(rule, "USD"), "USD")).toEqual(rule);
  });

  it("maps the API's paths to the form's controls", () => {
    const sent = [
      { type: "setCategory" as const, categoryId: "x" },
      { type: "addTags" as const, tags: ["a"] },
    ];
    expect(
      formPaths(
        [
          { path: "rule.conditions.0.value", message: "bad" },
          { path: "actions.1.tags.0", message: "too long" },
          { path: "actions.0.categoryId", message: "no such category" },
          { path: "actions", message: "each action type at most once" },
        ],
        sent,
      ).map((f) => f.path),
    ).toEqual(["conditions.0.value", "action.tags", "action.categoryId", "actions"]);
  });
});

describe("moving rules", () => {
  const rules = [
    { id: "c", stage: "last" as const, priority: 0 },
    { id: "a", stage: "normal" as const, priority: 1 },
    { id: "b", stage: "normal" as const, priority: 2 },
    { id: "f", stage: "first" as const, priority: 3 },
  ];
  it("runs by stage, then priority", () => {
    expect(runOrder(rules).map((r) => r.id)).toEqual(["f", "a", "b", "c"]);
  });
  it("swaps neighbours within a stage only", () => {
    expect(moved(rules, "b", -1)?.map((r) => r.id)).toEqual(["f", "b", "a", "c"]);
    expect(moved(rules, "a", -1)).toBeNull();
    expect(moved(rules, "b", 1)).toBeNull();
    expect(moved(rules, "c", 1)).toBeNull();
  });
});
