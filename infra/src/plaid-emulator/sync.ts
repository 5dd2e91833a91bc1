import { decodeCursor, encodeCursor, positionCursor } from "./cursor";
import { errors } from "./errors";
import type { Ledger } from "./ledger";
import { type PlaidTransactionJson, type SerializeOptions, toPlaidTransaction } from "./serialize";

export const DEFAULT_SYNC_COUNT = 100;
export const MAX_SYNC_COUNT = 500;

export interface SyncPage {
  added: PlaidTransactionJson[];
  modified: PlaidTransactionJson[];
  removed: { transaction_id: string; account_id: string }[];
  next_cursor: string;
  has_more: boolean;
}

export interface SyncRequest {
  cursor: string | undefined;
  count: number;
  accountId: string | null;
}

/**
 * One page of /transactions/sync. An update is the net change between the cursor's
 * position and the log length when its first page was asked for; later pages of the same
 * update slice that same list, and fail with TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION
 * if the log has grown meanwhile, as Plaid does, so the client restarts from the update's
 * first cursor.
 */
export function syncPage(ledger: Ledger, itemId: string, request: SyncRequest, options: SerializeOptions): SyncPage {
  let start = 0;
  let head = ledger.length;
  let offset = 0;
  if (request.cursor) {
    const cursor = decodeCursor(request.cursor);
    if (!cursor || cursor.itemId !== itemId || cursor.head > ledger.length) {
      throw errors.invalidField("cursor provided is not valid for this access_token");
    }
    if (cursor.accountId !== request.accountId) {
      throw errors.invalidField("cursor was not issued for the options.account_id provided");
    }
    if (cursor.offset === 0) {
      start = cursor.head;
    } else {
      if (cursor.head !== ledger.length) throw errors.mutationDuringPagination();
      start = cursor.start;
      head = cursor.head;
      offset = cursor.offset;
    }
  }

  const changes = ledger.netChanges(start, head, request.accountId);
  if (offset > changes.length) throw errors.invalidField("cursor provided is not valid for this access_token");
  const end = Math.min(changes.length, offset + request.count);
  const page: SyncPage = {
    added: [],
    modified: [],
    removed: [],
    next_cursor: "",
    has_more: end < changes.length,
  };
  for (let i = offset; i < end; i++) {
    const change = changes[i]!;
    if (change.kind === "removed") {
      page.removed.push({ transaction_id: change.record.id, account_id: change.record.accountId });
    } else {
      page[change.kind].push(toPlaidTransaction(change.record, options));
    }
  }
  page.next_cursor = page.has_more
    ? encodeCursor({ itemId, start, head, offset: end, accountId: request.accountId })
    : positionCursor(itemId, head, request.accountId);
  return page;
}
