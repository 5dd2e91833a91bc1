import type { Executor } from "../db/client";

/**
 * Runs the household's enabled rules over the given transactions (new imports, synced
 * rows), inside the caller's database transaction. A member's explicit choice is never
 * overwritten. Placeholder until the rules engine lands: it changes nothing.
 */
export async function applyRulesToTransactions(
  _tx: Executor,
  _householdId: string,
  _transactionIds: readonly string[],
): Promise<{ changed: number }> {
  return { changed: 0 };
}
