import type { ApplyRulesResult, RulePreview } from "@tandem/shared";
import { and, asc, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/client";
import { transactions } from "../db/schema";
import {
  type CompiledRule,
  compileRules,
  type Outcome,
  type RuleDefinition,
  runRules,
  type TransactionFacts,
} from "../domain/rules/engine";
import { listRuleRows, toDefinition } from "./store";

const PAGE = 2_000;

/** The columns the engine reads, selected once for every path that runs rules. */
const factColumns = {
  id: transactions.id,
  accountId: transactions.accountId,
  date: transactions.date,
  amount: transactions.amount,
  currency: transactions.currency,
  description: transactions.description,
  merchant: transactions.merchant,
  plaidCategory: transactions.plaidCategory,
  categoryId: transactions.categoryId,
  categorySource: transactions.categorySource,
  categorisedBy: transactions.categorisedBy,
  notes: transactions.notes,
  tags: transactions.tags,
  editedFields: transactions.editedFields,
};

type FactRow = TransactionFacts & { currency: string };

/** The household's enabled rules, sorted and compiled. */
export async function loadCompiledRules(db: Executor, householdId: string): Promise<CompiledRule[]> {
  return compileRules((await listRuleRows(db, householdId)).map(toDefinition));
}

interface Change {
  id: string;
  outcome: Outcome;
}

/**
 * Writes the engine's outcomes in one statement. Each field is guarded again in SQL, so
 * a member's choice made since the rows were read is still never overwritten.
 */
async function writeChanges(tx: Executor, householdId: string, changes: readonly Change[]): Promise<void> {
  if (changes.length === 0) return;
  const records = changes.map(({ id, outcome: { after } }) => ({
    id,
    category_id: after.categoryId,
    category_source: after.categorySource,
    categorised_by: after.categorisedBy,
    merchant: after.merchant,
    notes: after.notes,
    tags: after.tags,
  }));
  await tx.execute(sql`
    update ${transactions} t set
      category_id = case when t.category_source = 'member' then t.category_id else r.category_id end,
      category_source = case when t.category_source = 'member' then t.category_source
                             else r.category_source::category_source end,
      categorised_by = case when t.category_source = 'member' then t.categorised_by else r.categorised_by end,
      merchant = case when 'merchant' = any(t.edited_fields) then t.merchant else r.merchant end,
      notes = case when 'notes' = any(t.edited_fields) then t.notes else r.notes end,
      tags = case when 'tags' = any(t.edited_fields) then t.tags else coalesce(r.tags, '{}') end,
      updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(id uuid, category_id uuid,
      category_source text, categorised_by text, merchant text, notes text, tags text[])
    where t.id = r.id and t.household_id = ${householdId}`);
}

/**
 * Runs the household's enabled rules over the given transactions (new imports, synced
 * rows), inside the caller's database transaction. A member's explicit choice is never
 * overwritten.
 */
export async function applyRulesToTransactions(
  tx: Executor,
  householdId: string,
  transactionIds: readonly string[],
): Promise<{ changed: number }> {
  if (transactionIds.length === 0) return { changed: 0 };
  const compiled = await loadCompiledRules(tx, householdId);
  if (compiled.length === 0) return { changed: 0 };
  let changed = 0;
  for (let i = 0; i < transactionIds.length; i += PAGE) {
    const ids = transactionIds.slice(i, i + PAGE);
    const rows = await tx
      .select(factColumns)
      .from(transactions)
      .where(and(eq(transactions.householdId, householdId), inArray(transactions.id, ids)));
    const changes: Change[] = [];
    for (const row of rows) {
      const outcome = runRules(compiled, row);
      if (outcome.changed) changes.push({ id: row.id, outcome });
    }
    await writeChanges(tx, householdId, changes);
    changed += changes.length;
  }
  return { changed };
}

/** Walks every transaction of the household in (date, id) order, a page at a time. */
async function* history(db: Executor, householdId: string, order: "asc" | "desc" = "asc"): AsyncGenerator<FactRow[]> {
  const past = order === "asc" ? gt : lt;
  const direction = order === "asc" ? asc : desc;
  let after: { date: string; id: string } | null = null;
  for (;;) {
    const cursor: { date: string; id: string } | null = after;
    const page: FactRow[] = await db
      .select(factColumns)
      .from(transactions)
      .where(
        and(
          eq(transactions.householdId, householdId),
          cursor
            ? or(
                past(transactions.date, cursor.date),
                and(eq(transactions.date, cursor.date), past(transactions.id, cursor.id)),
              )
            : undefined,
        ),
      )
      .orderBy(direction(transactions.date), direction(transactions.id))
      .limit(PAGE);
    if (page.length === 0) return;
    yield page;
    if (page.length < PAGE) return;
    const last = page[page.length - 1]!;
    after = { date: last.date, id: last.id };
  }
}

/**
 * Applies one rule (even a disabled one, when asked by id) or every enabled rule to the
 * whole history, in one database transaction. Members' choices are left alone.
 */
export async function applyRulesToHistory(
  db: Database,
  householdId: string,
  only: RuleDefinition | null,
): Promise<ApplyRulesResult> {
  return db.transaction(async (tx) => {
    const compiled = only ? compileRules([only], { includeDisabled: true }) : await loadCompiledRules(tx, householdId);
    const result: ApplyRulesResult = {
      examined: 0,
      matched: 0,
      changed: 0,
      protected: 0,
      fields: { category: 0, merchant: 0, tags: 0, notes: 0 },
    };
    if (compiled.length === 0) return result;
    for await (const page of history(tx, householdId)) {
      const changes: Change[] = [];
      for (const row of page) {
        result.examined++;
        const outcome = runRules(compiled, row);
        if (outcome.matchedRuleIds.length > 0) result.matched++;
        if (outcome.protected) result.protected++;
        if (!outcome.changed) continue;
        changes.push({ id: row.id, outcome });
        result.changed++;
        for (const field of ["category", "merchant", "tags", "notes"] as const) {
          if (outcome.fields[field]) result.fields[field]++;
        }
      }
      await writeChanges(tx, householdId, changes);
    }
    return result;
  });
}

/** What applying `rule` alone to history would change; writes nothing. */
export async function previewRule(
  db: Executor,
  householdId: string,
  rule: RuleDefinition,
  limit: number,
): Promise<RulePreview> {
  const compiled = compileRules([rule], { includeDisabled: true });
  const preview: RulePreview = { examined: 0, matched: 0, total: 0, protected: 0, items: [], truncated: false };
  const state = (s: {
    categoryId: string | null;
    categorySource: string | null;
    merchant: string | null;
    notes: string | null;
    tags: string[];
  }) => ({
    categoryId: s.categoryId,
    categorySource: s.categorySource as "member" | "rule" | "plaid" | null,
    merchant: s.merchant,
    notes: s.notes,
    tags: s.tags,
  });
  // Newest first: the rows a member recognises.
  for await (const page of history(db, householdId, "desc")) {
    for (const row of page) {
      preview.examined++;
      const outcome = runRules(compiled, row);
      if (outcome.matchedRuleIds.length === 0) continue;
      preview.matched++;
      if (outcome.protected) preview.protected++;
      if (!outcome.changed) continue;
      preview.total++;
      if (preview.items.length < limit) {
        preview.items.push({
          transactionId: row.id,
          date: row.date,
          description: row.description,
          amount: row.amount,
          currency: row.currency,
          before: state(row),
          after: state(outcome.after),
        });
      }
    }
  }
  preview.truncated = preview.total > preview.items.length;
  return preview;
}
