/**
 * The ledger's aggregations, done with danfo dataframes. Pure: columns in, rows out.
 * Grouping keys are strings (danfo groups nulls badly), so an uncategorised row carries
 * "" as its category until it leaves the frame.
 */
import { type DashboardTransactionColumns, monthKey, monthRange } from "@tandem/shared";
import * as dfd from "danfojs-node";
import type { BalanceRow, FlowKind, FlowRow, MerchantRow, Month } from "../src/components/ledger-data";

/** The API's columnar transaction pages, concatenated. */
export type TransactionColumns = DashboardTransactionColumns;

const UNCATEGORISED = "";

/** Posted transactions only, with the month and flow kind each one counts under. */
export interface PostedTransactions {
  frame: dfd.DataFrame | null;
  months: { first: Month; last: Month } | null;
  pending: number;
}

export function postedTransactions(
  columns: TransactionColumns,
  kindOfCategory: ReadonlyMap<string, FlowKind>,
): PostedTransactions {
  const rows = {
    month: [] as string[],
    accountId: [] as string[],
    categoryId: [] as string[],
    kind: [] as FlowKind[],
    currency: [] as string[],
    payee: [] as string[],
    amount: [] as number[],
  };
  let pending = 0;
  for (let i = 0; i < columns.date.length; i++) {
    if (columns.pending[i]) {
      pending++;
      continue;
    }
    const categoryId = columns.categoryId[i] ?? UNCATEGORISED;
    const amount = columns.amount[i]!;
    rows.month.push(monthKey(columns.date[i]!));
    rows.accountId.push(columns.accountId[i]!);
    rows.categoryId.push(categoryId);
    // Uncategorised money going out is spending and coming in is income until someone says otherwise.
    rows.kind.push(kindOfCategory.get(categoryId) ?? (amount < 0 ? "expense" : "income"));
    rows.currency.push(columns.currency[i]!);
    rows.payee.push(columns.payee[i]!);
    rows.amount.push(amount);
  }
  if (rows.month.length === 0) return { frame: null, months: null, pending };
  // Dates arrive in ascending order, so the first and last months are at the ends.
  const months = { first: rows.month[0]!, last: rows.month[rows.month.length - 1]! };
  return { frame: new dfd.DataFrame(rows), months, pending };
}

type Row = Record<string, string | number>;

function groupRows(frame: dfd.DataFrame, keys: string[]): Row[] {
  const grouped = frame.groupby(keys).agg({ amount: ["sum", "count"] });
  return dfd.toJSON(grouped) as Row[];
}

function exactSum(value: string | number): number {
  // danfo sums in float64: exact for integers up to 2^53, which a household never reaches.
  if (!Number.isSafeInteger(value)) throw new Error(`A sum of minor units is not a safe integer: ${value}`);
  return value as number;
}

const byKeys =
  <T>(...keys: (keyof T)[]) =>
  (a: T, b: T) => {
    for (const key of keys) {
      const order = String(a[key]).localeCompare(String(b[key]));
      if (order !== 0) return order;
    }
    return 0;
  };

/** Sum and count per month × account × category (and kind and currency). */
export function monthlyFlows(frame: dfd.DataFrame): FlowRow[] {
  return groupRows(frame, ["month", "accountId", "categoryId", "kind", "currency"])
    .map((row) => ({
      month: String(row.month),
      accountId: String(row.accountId),
      categoryId: row.categoryId === UNCATEGORISED ? null : String(row.categoryId),
      kind: row.kind as FlowKind,
      currency: String(row.currency),
      amount: exactSum(row.amount_sum!),
      count: Number(row.amount_count),
    }))
    .sort(byKeys("month", "accountId", "kind", "categoryId"));
}

/** Net spending per month × account × merchant, over expense transactions only. */
export function merchantSpending(frame: dfd.DataFrame): MerchantRow[] {
  const expenses = frame.query(frame.kind.eq("expense"));
  if (expenses.shape[0] === 0) return [];
  return groupRows(expenses, ["month", "accountId", "payee", "currency"])
    .map((row) => ({
      month: String(row.month),
      accountId: String(row.accountId),
      merchant: String(row.payee),
      currency: String(row.currency),
      spent: -exactSum(row.amount_sum!),
      count: Number(row.amount_count),
    }))
    .sort(byKeys("month", "accountId", "merchant"));
}

export interface OpeningBalance {
  id: string;
  currency: string;
  openingBalance: number;
}

/**
 * Each account's balance at the end of every month in `months`: its opening balance
 * plus every posted transaction up to that month. Accounts without activity carry their
 * balance through, so a net-worth line never dips for a quiet month.
 */
export function monthEndBalances(
  frame: dfd.DataFrame,
  accounts: readonly OpeningBalance[],
  months: { first: Month; last: Month },
): BalanceRow[] {
  const net = new Map<string, number>();
  for (const row of groupRows(frame, ["accountId", "month"])) {
    net.set(`${row.accountId} ${row.month}`, exactSum(row.amount_sum!));
  }
  const rows: BalanceRow[] = [];
  for (const account of accounts) {
    let balance = account.openingBalance;
    for (const month of monthRange(months.first, months.last)) {
      balance += net.get(`${account.id} ${month}`) ?? 0;
      rows.push({ month, accountId: account.id, currency: account.currency, balance });
    }
  }
  return rows;
}
