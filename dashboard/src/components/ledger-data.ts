/**
 * What the ledger loader (src/data/ledger.json.ts) emits, sealed, and the pages read.
 *
 * Amounts are integer minor units of the row's currency; nothing is summed across
 * currencies. Rows are fine-grained (month × account × category) so the pages can filter
 * by date range, account and member in the browser without a rebuild. Only posted
 * transactions count: pending ones still change and are not in account balances either.
 */

/** Income and expense count towards cash flow; transfers only move money between accounts. */
export type FlowKind = "income" | "expense" | "transfer";

/** UTC calendar month, "YYYY-MM". */
export type Month = string;

export interface LedgerHousehold {
  id: string;
  name: string;
  baseCurrency: string;
  members: { id: string; displayName: string }[];
}

export interface LedgerAccount {
  id: string;
  name: string;
  type: string;
  institution: string | null;
  currency: string;
  /** The member who owns it; null when it is shared by both. */
  ownerId: string | null;
  archived: boolean;
  /** Opening balance plus every posted transaction, as the API reports it. */
  balance: number;
}

export interface LedgerCategory {
  id: string;
  parentId: string | null;
  name: string;
  color: string;
  kind: FlowKind;
}

/** Sum and count of posted transactions for one month, account and category. */
export interface FlowRow {
  month: Month;
  accountId: string;
  /** Null for uncategorised transactions. */
  categoryId: string | null;
  /** The category's kind; uncategorised money out is an expense, money in is income. */
  kind: FlowKind;
  currency: string;
  /** Signed sum: expenses are negative, refunds inside an expense category positive. */
  amount: number;
  count: number;
}

/** Money spent at one merchant (or description, when the bank gave no merchant). */
export interface MerchantRow {
  month: Month;
  accountId: string;
  merchant: string;
  currency: string;
  /** Positive: minor units spent, net of refunds. */
  spent: number;
  count: number;
}

/** An account's balance at the end of a month (after that month's posted transactions). */
export interface BalanceRow {
  month: Month;
  accountId: string;
  currency: string;
  balance: number;
}

export interface LedgerData {
  /** When the loader ran: the age of every chart's data. */
  builtAt: string;
  household: LedgerHousehold;
  accounts: LedgerAccount[];
  categories: LedgerCategory[];
  /** First and last month with any posted transaction (null when there are none). */
  months: { first: Month; last: Month } | null;
  flows: FlowRow[];
  merchants: MerchantRow[];
  /** Every account's balance at the end of every month from `months.first` to `months.last`. */
  balances: BalanceRow[];
  /** Posted transactions counted, and pending ones left out. */
  counts: { posted: number; pending: number };
}

/** The label the ledger data is sealed under (see sealed.ts). */
export const LEDGER_LABEL = "ledger";
