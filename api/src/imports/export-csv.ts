import { type ListTransactionsQuery, type Transaction, toDecimalString } from "@tandem/shared";
import { eq } from "drizzle-orm";
import type { Executor } from "../db/client";
import { accounts, categories } from "../db/schema";
import { listTransactions } from "../ledger/transactions";

const PAGE = 1000;

export const CSV_COLUMNS = [
  "date",
  "account",
  "amount",
  "currency",
  "description",
  "merchant",
  "category",
  "notes",
  "pending",
  "source",
  "source_id",
  "id",
  "account_id",
  "category_id",
] as const;

/**
 * One RFC 4180 field. csv-stringify is not installed here, so quoting is written out:
 * a field with a quote, delimiter, CR or LF (or edge spaces) is quoted, quotes doubled.
 * Free text starting with = + - @ or a tab is prefixed with ' so a spreadsheet shows
 * it instead of running it as a formula (OWASP's CSV injection advice); amounts are
 * never touched, so "-12.34" stays a number.
 */
export function csvField(value: string, { text = false } = {}): string {
  let field = value;
  if (text && /^[=+\-@\t\r]/.test(field)) field = `'${field}`;
  return /[",\r\n]|^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export const csvLine = (fields: string[]) => `${fields.join(",")}\r\n`;

/**
 * Streams the household's transactions under the same filters as GET /transactions,
 * page by keyset page, so memory stays flat however many rows there are.
 */
export function transactionsCsv(
  db: Executor,
  householdId: string,
  query: ListTransactionsQuery,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let names: { accounts: Map<string, string>; categories: Map<string, string> } | null = null;
  let done = false;
  const row = (t: Transaction) =>
    csvLine([
      t.date,
      csvField(names!.accounts.get(t.accountId) ?? "", { text: true }),
      toDecimalString(t.amount, t.currency),
      t.currency,
      csvField(t.description, { text: true }),
      csvField(t.merchant ?? "", { text: true }),
      csvField(t.categoryId ? (names!.categories.get(t.categoryId) ?? "") : "", { text: true }),
      csvField(t.notes ?? "", { text: true }),
      String(t.pending),
      t.source,
      csvField(t.sourceId, { text: true }),
      t.id,
      t.accountId,
      t.categoryId ?? "",
    ]);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (done) return;
      if (!names) {
        const [accountRows, categoryRows] = await Promise.all([
          db
            .select({ id: accounts.id, name: accounts.name })
            .from(accounts)
            .where(eq(accounts.householdId, householdId)),
          db
            .select({ id: categories.id, name: categories.name })
            .from(categories)
            .where(eq(categories.householdId, householdId)),
        ]);
        names = {
          accounts: new Map(accountRows.map((a) => [a.id, a.name])),
          categories: new Map(categoryRows.map((c) => [c.id, c.name])),
        };
        controller.enqueue(encoder.encode(csvLine([...CSV_COLUMNS])));
      }
      const page = await listTransactions(db, householdId, { ...query, limit: PAGE, cursor });
      if (page.items.length > 0) controller.enqueue(encoder.encode(page.items.map(row).join("")));
      if (!page.nextCursor) {
        done = true;
        controller.close();
      } else {
        cursor = page.nextCursor;
      }
    },
  });
}
