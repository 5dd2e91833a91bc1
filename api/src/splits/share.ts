import type { TransactionShare } from "@tandem/shared";
import { and, eq } from "drizzle-orm";
import type { Executor } from "../db/client";
import { accounts, categories, type transactions } from "../db/schema";
import { resolveShare } from "../domain/splits/share";
import { householdMembers } from "./splits";

type TransactionRow = typeof transactions.$inferSelect;

/** One transaction's payer and split, resolved through its category's and account's defaults. */
export async function transactionShare(
  db: Executor,
  householdId: string,
  row: TransactionRow,
): Promise<TransactionShare> {
  const [members, [account], [category]] = await Promise.all([
    householdMembers(db, householdId),
    db
      .select({ ownerId: accounts.ownerId, defaultSplit: accounts.defaultSplit })
      .from(accounts)
      .where(and(eq(accounts.id, row.accountId), eq(accounts.householdId, householdId))),
    row.categoryId
      ? db
          .select({ defaultSplit: categories.defaultSplit })
          .from(categories)
          .where(and(eq(categories.id, row.categoryId), eq(categories.householdId, householdId)))
      : Promise.resolve([]),
  ]);
  return resolveShare({
    amount: row.amount,
    members,
    accountOwnerId: account?.ownerId ?? null,
    payer: row.payer ?? null,
    split: row.split ?? null,
    categorySplit: category?.defaultSplit ?? null,
    accountSplit: account?.defaultSplit ?? null,
  });
}
