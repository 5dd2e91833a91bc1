/**
 * The emulator's internal records. They are deliberately smaller than Plaid's JSON (which
 * serialize.ts builds on the way out): a 100,000-transaction Item must fit comfortably in
 * memory, and a record is never mutated, so a change-log entry can keep pointing at the
 * exact version it announced.
 */

export type PaymentChannel = "online" | "in store" | "other";

export type AccountKind = "checking" | "savings" | "credit card";

export interface StoreLocation {
  address: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  lat: number;
  lon: number;
  store_number: string | null;
}

export interface PersonalFinanceCategory {
  primary: string;
  detailed: string;
  confidence_level: "VERY_HIGH" | "HIGH" | "MEDIUM" | "LOW" | "UNKNOWN";
}

export interface MerchantRef {
  entityId: string;
  website: string | null;
}

/** Why a record exists: lets time advancing pick plausible corrections and removals. */
export type TxnKind = "purchase" | "refund" | "income" | "bill" | "transfer" | "fee" | "custom";

export interface TxnRecord {
  readonly id: string;
  readonly accountId: string;
  /** Plaid's sign: positive = money out of the account. Integer cents, never a float. */
  readonly amountCents: number;
  readonly currency: string;
  /** Posted date, or the transaction date while pending. */
  readonly date: string;
  readonly authorizedDate: string | null;
  readonly name: string;
  readonly originalDescription: string;
  readonly merchantName: string | null;
  readonly merchant: MerchantRef | null;
  readonly category: PersonalFinanceCategory;
  readonly channel: PaymentChannel;
  readonly location: StoreLocation | null;
  readonly pending: boolean;
  readonly pendingTransactionId: string | null;
  readonly paymentMethod: string | null;
  readonly referenceNumber: string | null;
  readonly kind: TxnKind;
  /** Internal: the day a pending record posts. */
  readonly postDate: string | null;
  /** Internal: multiplier applied when it posts (restaurant tips). */
  readonly postFactor: number;
}

export type TxnDraft = Omit<TxnRecord, "id">;

export interface AccountRecord {
  accountId: string;
  kind: AccountKind;
  name: string;
  officialName: string;
  mask: string;
  currency: string;
  /** Balance before the first generated transaction, chosen so today's balance looks real. */
  openingCents: number;
  limitCents: number | null;
}
