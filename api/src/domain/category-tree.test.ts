import { describe, expect, it } from "vitest";
import { type CategoryNode, descendantsOf, wouldCreateCycle } from "./category-tree";

// food ─┬─ groceries ── organic
//       └─ restaurants
// travel
const tree: CategoryNode[] = [
  { id: "food", parentId: null },
  { id: "groceries", parentId: "food" },
  { id: "organic", parentId: "groceries" },
  { id: "restaurants", parentId: "food" },
  { id: "travel", parentId: null },
];

describe("wouldCreateCycle", () => {
  it("allows moving to the top level or under an unrelated branch", () => {
    expect(wouldCreateCycle(tree, "groceries", null)).toBe(false);
    expect(wouldCreateCycle(tree, "groceries", "travel")).toBe(false);
    expect(wouldCreateCycle(tree, "food", "travel")).toBe(false);
    expect(wouldCreateCycle(tree, "organic", "restaurants")).toBe(false);
  });

  it("allows keeping the same parent", () => {
    expect(wouldCreateCycle(tree, "groceries", "food")).toBe(false);
  });

  it("refuses a category as its own parent", () => {
    expect(wouldCreateCycle(tree, "food", "food")).toBe(true);
  });

  it("refuses moving a category under its child or any deeper descendant", () => {
    expect(wouldCreateCycle(tree, "food", "groceries")).toBe(true);
    expect(wouldCreateCycle(tree, "food", "organic")).toBe(true);
    expect(wouldCreateCycle(tree, "groceries", "organic")).toBe(true);
  });

  it("treats an unknown parent as a root and terminates on data that already loops", () => {
    expect(wouldCreateCycle(tree, "food", "missing")).toBe(false);
    const looped: CategoryNode[] = [
      { id: "a", parentId: "b" },
      { id: "b", parentId: "a" },
    ];
    expect(wouldCreateCycle(looped, "c", "a")).toBe(false);
    expect(wouldCreateCycle(looped, "a", "b")).toBe(true);
  });
});

describe("descendantsOf", () => {
  it("collects children and grandchildren, not the node itself", () => {
    expect(descendantsOf(tree, "food")).toEqual(new Set(["groceries", "organic", "restaurants"]));
    expect(descendantsOf(tree, "groceries")).toEqual(new Set(["organic"]));
  });

  it("is empty for leaves and unknown ids", () => {
    expect(descendantsOf(tree, "organic").size).toBe(0);
    expect(descendantsOf(tree, "nope").size).toBe(0);
  });

  it("terminates on data that already loops", () => {
    const looped: CategoryNode[] = [
      { id: "a", parentId: "b" },
      { id: "b", parentId: "a" },
    ];
    expect(descendantsOf(looped, "a")).toEqual(new Set(["a", "b"]));
  });
});
