import type { AccountBase, Transaction as PlaidTransaction } from "plaid";
import { describe, expect, it } from "vitest";
import { ledgerBalance, toAccountType, toBankTransaction } from "./mapping";

function plaidTransaction(over: Partial<PlaidTransaction> = {}): PlaidTransaction {
  return {
    transaction_id: "txn_1",
    account_id: "acc_1",
    amount: 12.34,
    iso_currency_code: "USD",
    unofficial_currency_code: null,
    date: "2026-03-01",
    name: "CORNER GROCER #42",
    merchant_name: "Corner Grocer",
    pending: false,
    pending_transaction_id: null,
    personal_finance_category: {
      primary: "FOOD_AND_DRINK",
      detailed: "FOOD_AND_DRINK_GROCERIES",
      confidence_level: "VERY_HIGH",
    },
    ...over,
  } as PlaidTransaction;
}

function account(over: Partial<AccountBase> & { current?: number | null; currency?: string | null } = {}): AccountBase {
  const { current = 100, currency = "USD", ...rest } = over;
  return {
    account_id: "acc_1",
    name: "Checking",
    mask: "0000",
    official_name: null,
    type: "depository",
    subtype: "checking",
    balances: {
      current,
      available: null,
      limit: null,
      iso_currency_code: currency,
      unofficial_currency_code: currency ? null : "XBT",
    },
    ...rest,
  } as AccountBase;
}

const cents = (amount: number, currency = "USD") =>
  toBankTransaction(plaidTransaction({ amount, iso_currency_code: currency })).amount;

describe("toBankTransaction: amounts", () => {
  it("flips Plaid's sign once: money out is negative in the ledger, money in positive", () => {
    expect(cents(12.34)).toBe(-1234);
    expect(cents(-2500)).toBe(250000);
    expect(cents(0.01)).toBe(-1);
    expect(cents(-0.01)).toBe(1);
  });

  it("gives exact cents for amounts binary floating point cannot hold", () => {
    expect(cents(0.1 + 0.2)).toBe(-30); // 0.30000000000000004
    expect(cents(1.1 + 2.2)).toBe(-330); // 3.3000000000000003
    expect(cents(19.99)).toBe(-1999); // 19.99 * 100 = 1998.9999999999998
    expect(cents(4.35)).toBe(-435); // 4.35 * 100 = 434.99999999999994
    expect(cents(1234567.89)).toBe(-123456789);
    expect(cents(-0.07)).toBe(7); // -0.07 * 100 = -7.000000000000001
  });

  it("rounds a sub-cent amount half to even, so ties do not drift one way", () => {
    expect(cents(0.125)).toBe(-12);
    expect(cents(0.135)).toBe(-14);
    expect(cents(1.005)).toBe(-100);
    expect(cents(2.675)).toBe(-268);
    expect(cents(-0.125)).toBe(12);
    expect(cents(0.1251)).toBe(-13);
    expect(cents(0.1249)).toBe(-12);
  });

  it("uses the currency's own minor unit", () => {
    expect(cents(1234, "JPY")).toBe(-1234);
    expect(cents(1.234, "KWD")).toBe(-1234);
  });

  it("falls back to the unofficial currency, then to the account's default", () => {
    const unofficial = toBankTransaction(
      plaidTransaction({ iso_currency_code: null, unofficial_currency_code: "EUR" }),
    );
    expect(unofficial.currency).toBe("EUR");
    const none = toBankTransaction(
      plaidTransaction({ iso_currency_code: null, unofficial_currency_code: null }),
      "GBP",
    );
    expect(none.currency).toBe("GBP");
  });
});

describe("toBankTransaction: the rest of the row", () => {
  it("keeps ids, dates, pending state and the pending transaction it replaces", () => {
    const posted = toBankTransaction(
      plaidTransaction({ transaction_id: "posted", pending: false, pending_transaction_id: "pending" }),
    );
    expect(posted).toMatchObject({
      sourceId: "posted",
      plaidAccountId: "acc_1",
      date: "2026-03-01",
      pending: false,
      pendingSourceId: "pending",
      description: "CORNER GROCER #42",
      merchant: "Corner Grocer",
    });
    const pending = toBankTransaction(plaidTransaction({ pending: true }));
    expect(pending).toMatchObject({ pending: true, pendingSourceId: null });
  });

  it("describes a transaction by its name, else its merchant, else generically", () => {
    expect(toBankTransaction(plaidTransaction({ name: "" })).description).toBe("Corner Grocer");
    expect(toBankTransaction(plaidTransaction({ name: "", merchant_name: null })).description).toBe("Bank transaction");
    expect(toBankTransaction(plaidTransaction({ merchant_name: undefined })).merchant).toBeNull();
  });
});

describe("toBankTransaction: Plaid's category", () => {
  const category = (primary: string, detailed: string, confidence_level: string | null) =>
    toBankTransaction(
      plaidTransaction({ personal_finance_category: { primary, detailed, confidence_level } as never }),
    );

  it("maps a confident detailed category to the taxonomy's subcategory and keeps the evidence", () => {
    expect(category("FOOD_AND_DRINK", "FOOD_AND_DRINK_GROCERIES", "VERY_HIGH")).toMatchObject({
      categoryName: "Groceries",
      plaidCategory: "FOOD_AND_DRINK_GROCERIES",
      plaidCategoryConfidence: "VERY_HIGH",
    });
    expect(category("FOOD_AND_DRINK", "FOOD_AND_DRINK_COFFEE", "HIGH").categoryName).toBe("Coffee");
    expect(category("RENT_AND_UTILITIES", "RENT_AND_UTILITIES_RENT", "MEDIUM").categoryName).toBe("Rent");
  });

  it("falls back to the primary's parent category when the detailed one has no match", () => {
    expect(category("FOOD_AND_DRINK", "FOOD_AND_DRINK_OTHER_FOOD_AND_DRINK", "HIGH").categoryName).toBe("Food");
    expect(category("TRAVEL", "TRAVEL_OTHER_TRAVEL", "VERY_HIGH").categoryName).toBe("Travel");
  });

  it("records but does not apply a guess Plaid is unsure of", () => {
    for (const confidence of ["LOW", "UNKNOWN", null]) {
      expect(category("FOOD_AND_DRINK", "FOOD_AND_DRINK_GROCERIES", confidence)).toMatchObject({
        categoryName: null,
        plaidCategory: "FOOD_AND_DRINK_GROCERIES",
        plaidCategoryConfidence: confidence,
      });
    }
  });

  it("has no category for an unknown code or a transaction without one", () => {
    expect(category("SPACE_TRAVEL", "SPACE_TRAVEL_ROCKETS", "VERY_HIGH").categoryName).toBeNull();
    const none = toBankTransaction(plaidTransaction({ personal_finance_category: null }));
    expect(none).toMatchObject({ categoryName: null, plaidCategory: null, plaidCategoryConfidence: null });
  });
});

describe("accounts", () => {
  it("maps Plaid's account types to the ledger's", () => {
    const type = (t: string, subtype: string | null) => toAccountType({ type: t, subtype } as never);
    expect(type("depository", "checking")).toBe("checking");
    expect(type("depository", "savings")).toBe("savings");
    expect(type("depository", "money market")).toBe("savings");
    expect(type("depository", "cd")).toBe("savings");
    expect(type("depository", null)).toBe("checking");
    expect(type("credit", "credit card")).toBe("credit");
    expect(type("loan", "mortgage")).toBe("loan");
    expect(type("investment", "401k")).toBe("investment");
    expect(type("other", null)).toBe("other");
    expect(type("brokerage", null)).toBe("other");
  });

  it("gives a deposit account's balance as money the household has", () => {
    expect(ledgerBalance(account({ current: 5710.12 }))).toBe(571012);
    expect(ledgerBalance(account({ current: -12.5 }))).toBe(-1250); // overdrawn
    expect(ledgerBalance(account({ current: 0.1 + 0.2 }))).toBe(30);
  });

  it("gives a credit card's or loan's balance as money owed, negative", () => {
    expect(ledgerBalance(account({ type: "credit" as never, current: 250.5 }))).toBe(-25050);
    expect(ledgerBalance(account({ type: "loan" as never, current: 1000 }))).toBe(-100000);
    // A card in credit (the bank owes the household) is positive.
    expect(ledgerBalance(account({ type: "credit" as never, current: -20 }))).toBe(2000);
  });

  it("has no balance when the bank gives none, and honours the currency's minor unit", () => {
    expect(ledgerBalance(account({ current: null }))).toBeNull();
    expect(ledgerBalance(account({ current: 1500, currency: "JPY" }))).toBe(1500);
  });
});
