import type { BankTransaction } from "./mapping";

/** The net effect of one whole update (all its pages), ready to apply in one go. */
export interface SyncPlan {
  upserts: BankTransaction[];
  removals: string[];
}

export interface UpdatePage {
  added: BankTransaction[];
  modified: BankTransaction[];
  removed: string[];
}

/**
 * Folds pages in order so the last word on each transaction wins: a transaction added
 * and then removed within one update never touches the database.
 */
export function planUpdate(pages: readonly UpdatePage[]): SyncPlan {
  const upserts = new Map<string, BankTransaction>();
  const removals = new Set<string>();
  for (const page of pages) {
    for (const t of [...page.added, ...page.modified]) {
      removals.delete(t.sourceId);
      upserts.set(t.sourceId, t);
    }
    for (const id of page.removed) {
      upserts.delete(id);
      removals.add(id);
    }
  }
  return { upserts: [...upserts.values()], removals: [...removals] };
}
