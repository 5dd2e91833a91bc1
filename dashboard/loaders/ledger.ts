/** Everything the Overview, Spending and Accounts pages chart, in one pass over the ledger. */
import type { FlowKind, LedgerData } from "../src/components/ledger-data";
import {
  merchantSpending,
  monthEndBalances,
  monthlyFlows,
  postedTransactions,
  type TransactionColumns,
} from "./aggregate";
import type { ApiClient } from "./run";

export async function fetchTransactionColumns(api: ApiClient): Promise<TransactionColumns> {
  const all: TransactionColumns = {
    date: [],
    accountId: [],
    categoryId: [],
    payee: [],
    amount: [],
    currency: [],
    pending: [],
  };
  for await (const page of api.allDashboardTransactions()) {
    for (const name of Object.keys(all) as (keyof TransactionColumns)[]) {
      const target = all[name] as unknown[];
      for (const value of page.columns[name]) target.push(value);
    }
  }
  return all;
}

export async function buildLedger(api: ApiClient, now = new Date()): Promise<LedgerData> {
  const [household, accounts, categories, columns] = await Promise.all([
    api.household(),
    api.accounts(),
    api.categories(),
    fetchTransactionColumns(api),
  ]);
  const kinds = new Map<string, FlowKind>(categories.map((category) => [category.id, category.kind]));
  const posted = postedTransactions(columns, kinds);
  const { frame, months } = posted;
  return {
    builtAt: now.toISOString(),
    household: {
      id: household.id,
      name: household.name,
      baseCurrency: household.baseCurrency,
      members: household.members,
    },
    accounts: accounts.map(({ id, name, type, institution, currency, ownerId, archived, balance }) => ({
      id,
      name,
      type,
      institution,
      currency,
      ownerId,
      archived,
      balance,
    })),
    categories: categories.map(({ id, parentId, name, color, kind }) => ({ id, parentId, name, color, kind })),
    months,
    flows: frame ? monthlyFlows(frame) : [],
    merchants: frame ? merchantSpending(frame) : [],
    balances: frame && months ? monthEndBalances(frame, accounts, months) : [],
    counts: { posted: columns.date.length - posted.pending, pending: posted.pending },
  };
}
