import type { AccountBase, PlaidApi } from "plaid";
import { type BankTransaction, toBankTransaction } from "./mapping";
import { planUpdate, type SyncPlan, type UpdatePage } from "./plan";
import { PlaidCallError, type RetryPolicy, withRetry } from "./retry";

export const SYNC_PAGE_SIZE = 500;
const MAX_RESTARTS = 5;

export interface FetchedUpdate extends SyncPlan {
  accounts: AccountBase[];
  nextCursor: string;
  pages: number;
  restarts: number;
  retries: number;
}

/**
 * Pages /transactions/sync until has_more is false. If Plaid's data changes between
 * pages it answers TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION, and the whole update
 * must restart from its first cursor: pages already read are thrown away.
 */
export async function fetchUpdate(
  plaid: PlaidApi,
  accessToken: string,
  startCursor: string | null,
  retry: RetryPolicy,
): Promise<FetchedUpdate> {
  let restarts = 0;
  let retries = 0;
  let pagesRead = 0;
  for (;;) {
    const pages: UpdatePage[] = [];
    let cursor = startCursor ?? undefined;
    let accounts: AccountBase[] = [];
    try {
      for (let hasMore = true; hasMore; ) {
        const { data } = await withRetry(
          () => plaid.transactionsSync({ access_token: accessToken, cursor, count: SYNC_PAGE_SIZE }),
          retry,
          () => retries++,
        );
        pagesRead++;
        pages.push({
          added: data.added.map((t) => toBankTransaction(t)),
          modified: data.modified.map((t) => toBankTransaction(t)),
          removed: data.removed.map((r) => r.transaction_id).filter((id): id is string => Boolean(id)),
        });
        accounts = data.accounts;
        cursor = data.next_cursor;
        hasMore = data.has_more;
      }
    } catch (error) {
      const mutated =
        error instanceof PlaidCallError && error.failure.errorCode === "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION";
      if (mutated && restarts < MAX_RESTARTS) {
        restarts++;
        continue;
      }
      throw error;
    }
    return { ...planUpdate(pages), accounts, nextCursor: cursor ?? "", pages: pagesRead, restarts, retries };
  }
}

export type { BankTransaction };
