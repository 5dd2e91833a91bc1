import { CURRENCY_PATTERN, type Payer, type Split } from "@tandem/shared";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { AccountBase } from "plaid";
import { rows, type Transaction } from "../../db/client";
import { accounts, categories, type plaidItems, transactions } from "../../db/schema";
import { type CompiledRule, runRules } from "../../domain/rules/engine";
import { loadCompiledRules } from "../../rules/apply";
import type { FetchedUpdate } from "./fetch";
import { type BankTransaction, ledgerBalance, toAccountType } from "./mapping";

type ItemRow = typeof plaidItems.$inferSelect;
const BATCH = 5_000;

export interface ApplyCounts {
  added: number;
  modified: number;
  removed: number;
  skipped: number;
}

/** What an update did, and the ids of the rows it added (for large and unusual transaction alerts). */
export interface AppliedUpdate extends ApplyCounts {
  addedIds: string[];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Creates the item's accounts on first sight; a member's renames of them are kept. */
async function upsertAccounts(tx: Transaction, item: ItemRow, plaidAccounts: readonly AccountBase[]) {
  if (plaidAccounts.length > 0) {
    await tx
      .insert(accounts)
      .values(
        plaidAccounts.map((a) => ({
          householdId: item.householdId,
          name: a.official_name || [a.name, a.mask ? `··${a.mask}` : null].filter(Boolean).join(" "),
          type: toAccountType(a),
          institution: item.institutionName,
          currency: a.balances.iso_currency_code ?? a.balances.unofficial_currency_code ?? "USD",
          ownerId: item.linkedBy,
          plaidItemId: item.id,
          plaidAccountId: a.account_id,
        })),
      )
      .onConflictDoUpdate({
        target: [accounts.householdId, accounts.plaidAccountId],
        set: { plaidItemId: item.id },
      });
  }
  const linked = await tx
    .select({ id: accounts.id, plaidAccountId: accounts.plaidAccountId })
    .from(accounts)
    .where(and(eq(accounts.householdId, item.householdId), eq(accounts.plaidItemId, item.id)));
  return new Map(linked.map((a) => [a.plaidAccountId!, a.id]));
}

async function categoryIdsByName(tx: Transaction, householdId: string) {
  const list = await tx
    .select({ id: categories.id, name: categories.name })
    .from(categories)
    .where(eq(categories.householdId, householdId));
  const byName = new Map<string, string>();
  for (const c of list) if (!byName.has(c.name)) byName.set(c.name, c.id);
  return byName;
}

interface HouseholdEdits {
  categoryId: string | null;
  categorySource: string | null;
  categorisedBy: string | null;
  notes: string | null;
  merchant: string | null;
  tags: string[];
  editedFields: string[];
  split: Split | null;
  payer: Payer | null;
}

/**
 * When a pending transaction posts, Plaid sends the posted one (with a new id and
 * pending_transaction_id) and removes the pending one. What the household did to the
 * pending one (its category, notes, merchant, split and payer) moves across.
 */
async function editsOfPending(tx: Transaction, householdId: string, upserts: readonly BankTransaction[]) {
  const pendingIds = upserts.filter((t) => t.pendingSourceId).map((t) => t.pendingSourceId!);
  const edits = new Map<string, HouseholdEdits>();
  for (const ids of chunks(pendingIds, 1_000)) {
    const found = await tx
      .select({
        sourceId: transactions.sourceId,
        categoryId: transactions.categoryId,
        categorySource: transactions.categorySource,
        categorisedBy: transactions.categorisedBy,
        notes: transactions.notes,
        merchant: transactions.merchant,
        tags: transactions.tags,
        editedFields: transactions.editedFields,
        split: transactions.split,
        payer: transactions.payer,
      })
      .from(transactions)
      .where(
        and(
          eq(transactions.householdId, householdId),
          eq(transactions.source, "plaid"),
          inArray(transactions.sourceId, ids),
        ),
      )
      // Locked until this sync commits: an edit that arrives meanwhile waits, then finds the
      // pending row gone and is refused, instead of landing on a row about to be deleted.
      .for("update");
    for (const row of found) edits.set(row.sourceId, row);
  }
  return edits;
}

interface UpsertRecord {
  account_id: string;
  date: string;
  amount: number;
  currency: string;
  description: string;
  merchant: string | null;
  category_id: string | null;
  category_source: string | null;
  categorised_by: string | null;
  notes: string | null;
  source_id: string;
  pending: boolean;
  plaid_category: string | null;
  plaid_category_confidence: string | null;
  tags: string[];
  edited_fields: string[];
  split: Split | null;
  payer: Payer | null;
}

/**
 * The row as it should be: the bank's fields, then Plaid's category, then the household's
 * rules over both (a rule wins over Plaid's guess), and a member's own choices over all.
 * Rows already stored get the same precedence from the upsert's CASEs.
 */
function toRecord(
  t: BankTransaction,
  accountId: string,
  categoryIds: Map<string, string>,
  rules: readonly CompiledRule[],
  carried?: HouseholdEdits,
): UpsertRecord {
  const memberCategory = carried?.categorySource === "member";
  const plaidCategoryId = t.categoryName ? (categoryIds.get(t.categoryName) ?? null) : null;
  const record: UpsertRecord = {
    account_id: accountId,
    date: t.date,
    amount: t.amount,
    currency: t.currency,
    description: t.description,
    merchant: carried?.editedFields.includes("merchant") ? carried.merchant : t.merchant,
    category_id: memberCategory ? carried!.categoryId : plaidCategoryId,
    category_source: memberCategory ? "member" : plaidCategoryId ? "plaid" : null,
    categorised_by: memberCategory ? carried!.categorisedBy : plaidCategoryId ? t.plaidCategory : null,
    notes: carried?.notes ?? null,
    source_id: t.sourceId,
    pending: t.pending,
    plaid_category: t.plaidCategory,
    plaid_category_confidence: t.plaidCategoryConfidence,
    tags: carried?.tags ?? [],
    edited_fields: carried?.editedFields ?? [],
    split: carried?.split ?? null,
    payer: carried?.payer ?? null,
  };
  if (rules.length === 0) return record;
  const outcome = runRules(rules, {
    id: t.sourceId,
    accountId,
    date: t.date,
    amount: t.amount,
    description: t.description,
    merchant: record.merchant,
    plaidCategory: t.plaidCategory,
    categoryId: record.category_id,
    categorySource: record.category_source as "member" | "rule" | "plaid" | null,
    categorisedBy: record.categorised_by,
    notes: record.notes,
    tags: record.tags,
    editedFields: record.edited_fields,
  });
  if (!outcome.changed) return record;
  const { after } = outcome;
  return {
    ...record,
    merchant: after.merchant,
    category_id: after.categoryId,
    category_source: after.categorySource,
    categorised_by: after.categorisedBy,
    notes: after.notes,
    tags: after.tags,
  };
}

/**
 * One statement per batch. On conflict the bank's fields are refreshed, but whatever a
 * member set (category, merchant, notes) stays: a person's edit outranks the bank.
 * Rows whose bank fields did not change are not rewritten and count as skipped.
 */
async function upsertBatch(tx: Transaction, householdId: string, batch: UpsertRecord[]) {
  const result = await tx.execute(sql`
    insert into ${transactions} as t (household_id, account_id, date, amount, currency, description, merchant,
      category_id, category_source, categorised_by, notes, source, source_id, pending,
      plaid_category, plaid_category_confidence, tags, edited_fields, split, payer)
    select ${householdId}::uuid, r.account_id, r.date, r.amount, r.currency, r.description, r.merchant,
      r.category_id, r.category_source::category_source, r.categorised_by, r.notes, 'plaid', r.source_id, r.pending,
      r.plaid_category, r.plaid_category_confidence, coalesce(r.tags, '{}'), coalesce(r.edited_fields, '{}'),
      r.split, r.payer
    from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as r(account_id uuid, date date, amount bigint,
      currency text, description text, merchant text, category_id uuid, category_source text, categorised_by text,
      notes text, source_id text, pending boolean, plaid_category text, plaid_category_confidence text,
      tags text[], edited_fields text[], split jsonb, payer jsonb)
    on conflict (household_id, source, source_id) do update set
      account_id = excluded.account_id, date = excluded.date, amount = excluded.amount,
      currency = excluded.currency, description = excluded.description, pending = excluded.pending,
      plaid_category = excluded.plaid_category, plaid_category_confidence = excluded.plaid_category_confidence,
      merchant = case when 'merchant' = any(t.edited_fields) then t.merchant else excluded.merchant end,
      category_id = case when t.category_source = 'member' then t.category_id else excluded.category_id end,
      category_source = case when t.category_source = 'member' then t.category_source else excluded.category_source end,
      categorised_by = case when t.category_source = 'member' then t.categorised_by else excluded.categorised_by end,
      notes = case when 'notes' = any(t.edited_fields) or excluded.notes is null then t.notes else excluded.notes end,
      tags = case when 'tags' = any(t.edited_fields) or excluded.tags <@ t.tags then t.tags
                  else t.tags || array(select x from unnest(excluded.tags) x where not x = any(t.tags)) end,
      updated_at = now()
    where (t.account_id, t.date, t.amount, t.currency, t.description, t.pending, t.plaid_category)
            is distinct from (excluded.account_id, excluded.date, excluded.amount, excluded.currency,
                              excluded.description, excluded.pending, excluded.plaid_category)
       or (not 'merchant' = any(t.edited_fields) and t.merchant is distinct from excluded.merchant)
       or (t.category_source is distinct from 'member'
           and (t.category_id, t.category_source, t.categorised_by)
               is distinct from (excluded.category_id, excluded.category_source, excluded.categorised_by))
       or (not 'notes' = any(t.edited_fields) and excluded.notes is not null and t.notes is distinct from excluded.notes)
       or (not 'tags' = any(t.edited_fields) and not (excluded.tags <@ t.tags))
    returning id, (xmax = 0) as inserted`);
  const returned = rows<{ id: string; inserted: boolean }>(result);
  const addedIds = returned.filter((r) => r.inserted).map((r) => r.id);
  return {
    added: addedIds.length,
    addedIds,
    modified: returned.length - addedIds.length,
    skipped: batch.length - returned.length,
  };
}

async function removeTransactions(tx: Transaction, householdId: string, sourceIds: readonly string[]) {
  let removed = 0;
  for (const ids of chunks(sourceIds, BATCH)) {
    const result = await tx.execute(sql`
      delete from ${transactions}
       where household_id = ${householdId} and source = 'plaid'
         and source_id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
      returning id`);
    removed += rows(result).length;
  }
  return removed;
}

/**
 * The ledger derives balances from transactions, so the opening balance of a bank
 * account is set so that derived balance equals what the bank reports today.
 */
async function reconcileBalances(
  tx: Transaction,
  householdId: string,
  accountIds: Map<string, string>,
  plaidAccounts: readonly AccountBase[],
) {
  const targets = plaidAccounts
    .map((a) => ({ id: accountIds.get(a.account_id), balance: ledgerBalance(a) }))
    .filter((t) => t.id && t.balance !== null);
  if (targets.length === 0) return;
  await tx.execute(sql`
    with target as (
      select r.id, r.balance - coalesce((
               select sum(t.amount) from ${transactions} t
                where t.household_id = ${householdId} and t.account_id = r.id and not t.pending), 0) as opening
        from jsonb_to_recordset(${JSON.stringify(targets)}::jsonb) as r(id uuid, balance bigint))
    update ${accounts} a
       set opening_balance = target.opening, updated_at = now()
      from target
     where a.id = target.id and a.household_id = ${householdId} and a.opening_balance <> target.opening`);
}

/** Applies one fetched update inside the caller's transaction. */
export async function applyUpdate(tx: Transaction, item: ItemRow, update: FetchedUpdate): Promise<AppliedUpdate> {
  const accountIds = await upsertAccounts(tx, item, update.accounts);
  const categoryIds = await categoryIdsByName(tx, item.householdId);
  const carried = await editsOfPending(tx, item.householdId, update.upserts);
  // Compiled once per update; the same pure matcher `applyRulesToTransactions` uses.
  const rules = await loadCompiledRules(tx, item.householdId);
  const counts: AppliedUpdate = { added: 0, modified: 0, removed: 0, skipped: 0, addedIds: [] };
  const records: UpsertRecord[] = [];
  for (const t of update.upserts) {
    const accountId = accountIds.get(t.plaidAccountId);
    // A row the ledger cannot hold (no listed account, an unusable currency code) is
    // skipped and counted, not allowed to fail every sync of this bank from now on.
    if (!accountId || !CURRENCY_PATTERN.test(t.currency)) {
      counts.skipped++;
      continue;
    }
    records.push(
      toRecord(t, accountId, categoryIds, rules, t.pendingSourceId ? carried.get(t.pendingSourceId) : undefined),
    );
  }
  for (const batch of chunks(records, BATCH)) {
    const result = await upsertBatch(tx, item.householdId, batch);
    counts.added += result.added;
    counts.addedIds.push(...result.addedIds);
    counts.modified += result.modified;
    counts.skipped += result.skipped;
  }
  counts.removed = await removeTransactions(tx, item.householdId, update.removals);
  await reconcileBalances(tx, item.householdId, accountIds, update.accounts);
  return counts;
}
