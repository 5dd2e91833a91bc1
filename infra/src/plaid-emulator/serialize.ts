import type { AccountRecord, TxnRecord } from "./types";

/**
 * Plaid's JSON, built from internal records on the way out. Kept free of "now" so the
 * same record always serialises identically: what a client synced and what the truth
 * endpoint reports can then be compared with deep equality.
 */

export interface PlaidTransactionJson {
  account_id: string;
  account_owner: null;
  amount: number;
  authorized_date: string | null;
  authorized_datetime: null;
  category: null;
  category_id: null;
  check_number: null;
  counterparties: {
    name: string;
    type: "merchant";
    website: string | null;
    logo_url: null;
    entity_id: string;
    confidence_level: string;
  }[];
  date: string;
  datetime: null;
  iso_currency_code: string;
  location: {
    address: string | null;
    city: string | null;
    region: string | null;
    postal_code: string | null;
    country: string | null;
    lat: number | null;
    lon: number | null;
    store_number: string | null;
  };
  logo_url: null;
  merchant_entity_id: string | null;
  merchant_name: string | null;
  name: string;
  original_description: string | null;
  payment_channel: string;
  payment_meta: {
    by_order_of: null;
    payee: null;
    payer: null;
    payment_method: string | null;
    payment_processor: null;
    ppd_id: null;
    reason: null;
    reference_number: string | null;
  };
  pending: boolean;
  pending_transaction_id: string | null;
  personal_finance_category: { primary: string; detailed: string; confidence_level: string };
  personal_finance_category_icon_url: string;
  transaction_code: null;
  transaction_id: string;
  transaction_type: "digital" | "place" | "special";
  unofficial_currency_code: null;
  website: string | null;
}

export interface SerializeOptions {
  includeOriginalDescription: boolean;
}

const NO_LOCATION = {
  address: null,
  city: null,
  region: null,
  postal_code: null,
  country: null,
  lat: null,
  lon: null,
  store_number: null,
};

/** Cents to Plaid's decimal amount; dividing an integer by 100 is exact to two places in JSON. */
export function toAmount(cents: number): number {
  return cents / 100;
}

export function toPlaidTransaction(record: TxnRecord, options: SerializeOptions): PlaidTransactionJson {
  const merchant = record.merchant;
  return {
    account_id: record.accountId,
    account_owner: null,
    amount: toAmount(record.amountCents),
    authorized_date: record.authorizedDate,
    authorized_datetime: null,
    category: null,
    category_id: null,
    check_number: null,
    counterparties:
      merchant && record.merchantName
        ? [
            {
              name: record.merchantName,
              type: "merchant",
              website: merchant.website,
              logo_url: null,
              entity_id: merchant.entityId,
              confidence_level: record.category.confidence_level === "VERY_HIGH" ? "VERY_HIGH" : "HIGH",
            },
          ]
        : [],
    date: record.date,
    datetime: null,
    iso_currency_code: record.currency,
    location: record.location ? { ...record.location } : { ...NO_LOCATION },
    logo_url: null,
    merchant_entity_id: merchant?.entityId ?? null,
    merchant_name: record.merchantName,
    name: record.name,
    original_description: options.includeOriginalDescription ? record.originalDescription : null,
    payment_channel: record.channel,
    payment_meta: {
      by_order_of: null,
      payee: null,
      payer: null,
      payment_method: record.paymentMethod,
      payment_processor: null,
      ppd_id: null,
      reason: null,
      reference_number: record.referenceNumber,
    },
    pending: record.pending,
    pending_transaction_id: record.pendingTransactionId,
    personal_finance_category: { ...record.category },
    personal_finance_category_icon_url: `https://plaid-category-icons.plaid.com/PFC_${record.category.primary}.png`,
    transaction_code: null,
    transaction_id: record.id,
    transaction_type: record.channel === "online" ? "digital" : record.channel === "in store" ? "place" : "special",
    unofficial_currency_code: null,
    website: merchant?.website ?? null,
  };
}

export interface Balances {
  postedCents: number;
  pendingCents: number;
}

export interface PlaidAccountJson {
  account_id: string;
  balances: {
    available: number | null;
    current: number | null;
    iso_currency_code: string;
    limit: number | null;
    unofficial_currency_code: null;
    last_updated_datetime: null;
  };
  holder_category: "personal";
  mask: string;
  name: string;
  official_name: string;
  subtype: string;
  type: "depository" | "credit";
}

/**
 * Balances follow from the transactions. Depository: current = posted money in the account,
 * available = current less pending spending. Credit: current = amount owed,
 * available = limit less what is owed and pending.
 */
export function toPlaidAccount(account: AccountRecord, totals: Balances): PlaidAccountJson {
  const credit = account.kind === "credit card";
  const currentCents = credit ? account.openingCents + totals.postedCents : account.openingCents - totals.postedCents;
  const availableCents = credit
    ? (account.limitCents ?? 0) - currentCents - totals.pendingCents
    : currentCents - totals.pendingCents;
  return {
    account_id: account.accountId,
    balances: {
      available: toAmount(availableCents),
      current: toAmount(currentCents),
      iso_currency_code: account.currency,
      limit: account.limitCents === null ? null : toAmount(account.limitCents),
      unofficial_currency_code: null,
      last_updated_datetime: null,
    },
    holder_category: "personal",
    mask: account.mask,
    name: account.name,
    official_name: account.officialName,
    subtype: account.kind,
    type: credit ? "credit" : "depository",
  };
}
