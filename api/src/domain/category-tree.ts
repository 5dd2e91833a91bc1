export interface CategoryNode {
  id: string;
  parentId: string | null;
}

/** True when making `parentId` the parent of `id` would put `id` among its own ancestors. */
export function wouldCreateCycle(nodes: readonly CategoryNode[], id: string, parentId: string | null): boolean {
  const parents = new Map(nodes.map((n) => [n.id, n.parentId]));
  let current = parentId;
  const seen = new Set<string>();
  while (current !== null && !seen.has(current)) {
    if (current === id) return true;
    seen.add(current);
    current = parents.get(current) ?? null;
  }
  return false;
}

export function descendantsOf(nodes: readonly CategoryNode[], id: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const n of nodes) if (n.parentId) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n.id]);
  const result = new Set<string>();
  const stack = [...(children.get(id) ?? [])];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (result.has(next)) continue;
    result.add(next);
    stack.push(...(children.get(next) ?? []));
  }
  return result;
}
