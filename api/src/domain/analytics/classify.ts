import { safeMinor } from "@tandem/shared";
/**
 * How a transaction counts in reports. Transfers (category kind transfer) are neither
 * income nor spending, or a card payment would count the same spending twice. Money in
 * an expense category is a refund (it lowers spending), money out of an income category
 * a correction (it lowers income). Uncategorised money out is spending, in is income.
 */
export type CategoryKind = "income" | "expense" | "transfer";
export type Flow = "income" | "expense";

export function flowOf(kind: CategoryKind | null, amount: number): Flow | null {
  if (kind === "transfer") return null;
  if (kind === "income") return "income";
  if (kind === "expense") return "expense";
  return amount > 0 ? "income" : amount < 0 ? "expense" : null;
}

/** Signed amount as it adds to its flow: spending positive when money left, income positive when it came in. */
export const flowAmount = (flow: Flow, amount: number) => (flow === "expense" ? -amount : amount);

export interface CategoryRef {
  id: string;
  parentId: string | null;
  name: string;
  kind: CategoryKind;
}

/** Each category's top-level ancestor (itself when top-level); a parent loop stops at the first repeat. */
export function rootsOf(categories: readonly CategoryRef[]): Map<string, string> {
  const byId = new Map(categories.map((c) => [c.id, c]));
  const roots = new Map<string, string>();
  for (const c of categories) {
    let current = c;
    const seen = new Set<string>([c.id]);
    while (current.parentId && byId.has(current.parentId) && !seen.has(current.parentId)) {
      current = byId.get(current.parentId)!;
      seen.add(current.id);
    }
    roots.set(c.id, current.id);
  }
  return roots;
}

/** Sums that refuse to lose precision: totals travel as bigint until the response. */
export const toSafeNumber = (value: bigint): number => safeMinor(value);
