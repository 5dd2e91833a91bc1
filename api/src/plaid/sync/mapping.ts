import { categoryNameForPlaid, roundToMinorUnits } from "@tandem/shared";
import type { AccountBase, Transaction as PlaidTransaction } from "plaid";

/** What the bank says about one transaction, in the ledger's terms. */
export interface BankTransaction {
  sourceId: string;
  plaidAccountId: string;
  date: string;
  amount: number;
  currency: string;
  description: string;
  merchant: string | null;
  pending: boolean;
  pendingSourceId: string | null;
  plaidCategory: string | null;
  plaidCategoryConfidence: string | null;
  /** The household category Plaid's guess maps to, if confident enough. */
  categoryName: string | null;
}

/**
 * Plaid's sign is the bank statement's (positive = money out); the ledger's is the
 * account's (negative = money out). This is the one place the sign flips.
 */
export function toBankTransaction(t: PlaidTransaction, fallbackCurrency = "USD"): BankTransaction {
  const currency = (t.iso_currency_code ?? t.unofficial_currency_code ?? fallbackCurrency).toUpperCase();
  const pfc = t.personal_finance_category ?? null;
  return {
    sourceId: t.transaction_id,
    plaidAccountId: t.account_id,
    date: t.date,
    amount: -roundToMinorUnits(t.amount, currency),
    currency,
    description: t.name || t.merchant_name || "Bank transaction",
    merchant: t.merchant_name ?? null,
    pending: t.pending,
    pendingSourceId: t.pending_transaction_id ?? null,
    plaidCategory: pfc?.detailed ?? null,
    plaidCategoryConfidence: pfc?.confidence_level ?? null,
    categoryName: pfc ? categoryNameForPlaid(pfc) : null,
  };
}

export type LedgerAccountType = "checking" | "savings" | "credit" | "investment" | "loan" | "other";

export function toAccountType(account: Pick<AccountBase, "type" | "subtype">): LedgerAccountType {
  switch (account.type) {
    case "depository":
      return account.subtype === "savings" || account.subtype === "money market" || account.subtype === "cd"
        ? "savings"
        : "checking";
    case "credit":
      return "credit";
    case "loan":
      return "loan";
    case "investment":
      return "investment";
    default:
      return "other";
  }
}

/**
 * The bank's current balance in the ledger's sign. For credit and loans Plaid reports
 * what is owed as a positive number, which for the household is money it does not have.
 */
export function ledgerBalance(account: AccountBase): number | null {
  const current = account.balances.current;
  if (current === null || current === undefined) return null;
  const currency = account.balances.iso_currency_code ?? account.balances.unofficial_currency_code ?? "USD";
  const minor = roundToMinorUnits(current, currency);
  return account.type === "credit" || account.type === "loan" ? -minor : minor;
}
