import { createHash } from "node:crypto";
import type { RuleSuggestion } from "@tandem/shared";
import { and, eq, inArray, sql } from "drizzle-orm";
import { type Database, type Executor, rows } from "../db/client";
import { categories, ruleSuggestionDismissals, transactions } from "../db/schema";
import { runRules } from "../domain/rules/engine";
import { merchantKey } from "../domain/rules/merchant";
import { ApiError } from "../lib/problem";
import { loadCompiledRules } from "./apply";

/** How many times members must have made the same move before a rule is suggested. */
export const SUGGESTION_MIN_EVIDENCE = 2;
const EVIDENCE_SAMPLE = 20;
const MAX_SUGGESTIONS = 50;

interface Candidate {
  field: "merchant" | "description";
  merchant_key: string;
  merchant: string;
  category_id: string;
  category_name: string;
  evidence: number;
  transaction_ids: string[];
}

/**
 * Rules to offer, learnt from members' re-categorisations: the same merchant moved to the
 * same category at least twice (and still there), no dismissal, and no enabled rule that
 * would already put those transactions there. Nothing is created; the member decides.
 */
export async function listSuggestions(db: Executor, householdId: string): Promise<RuleSuggestion[]> {
  const candidates = rows<Candidate>(
    await db.execute(sql`
      select e.field, e.merchant_key, e.to_category_id as category_id, c.name as category_name,
             count(distinct e.transaction_id)::int as evidence,
             (array_agg(e.merchant order by e.created_at desc))[1] as merchant,
             (array_agg(distinct e.transaction_id))[1:${EVIDENCE_SAMPLE}] as transaction_ids
        from category_edits e
        join ${transactions} t on t.id = e.transaction_id and t.household_id = e.household_id
        join ${categories} c on c.id = e.to_category_id and c.household_id = e.household_id
       where e.household_id = ${householdId}
         and t.category_source = 'member' and t.category_id = e.to_category_id
         and not exists (select 1 from ${ruleSuggestionDismissals} d
                          where d.household_id = e.household_id and d.merchant_key = e.merchant_key
                            and d.category_id = e.to_category_id)
       group by e.field, e.merchant_key, e.to_category_id, c.name
      having count(distinct e.transaction_id) >= ${SUGGESTION_MIN_EVIDENCE}
       order by evidence desc, e.merchant_key
       limit ${MAX_SUGGESTIONS}`),
  );
  if (candidates.length === 0) return [];

  const compiled = await loadCompiledRules(db, householdId);
  const evidenceIds = candidates.flatMap((c) => c.transaction_ids);
  const facts = new Map(
    (
      await db
        .select({
          id: transactions.id,
          accountId: transactions.accountId,
          date: transactions.date,
          amount: transactions.amount,
          description: transactions.description,
          merchant: transactions.merchant,
          plaidCategory: transactions.plaidCategory,
          categoryId: transactions.categoryId,
          categorySource: transactions.categorySource,
          categorisedBy: transactions.categorisedBy,
          notes: transactions.notes,
          tags: transactions.tags,
          editedFields: transactions.editedFields,
        })
        .from(transactions)
        .where(and(eq(transactions.householdId, householdId), inArray(transactions.id, evidenceIds)))
    ).map((f) => [f.id, f]),
  );

  return candidates
    .filter((c) => {
      // Covered: with the member's choice set aside, the rules alone land every example here.
      const examples = c.transaction_ids.map((id) => facts.get(id)).filter((f) => f !== undefined);
      return !examples.every((f) => {
        const uncategorised = { ...f, categoryId: null, categorySource: null, categorisedBy: null };
        return runRules(compiled, uncategorised, { respectMemberChoices: false }).after.categoryId === c.category_id;
      });
    })
    .map((c) => {
      const text = c.merchant.trim().slice(0, 200);
      return {
        id: createHash("sha256")
          .update(`${householdId}\0${c.field}\0${c.merchant_key}\0${c.category_id}`)
          .digest("hex")
          .slice(0, 32),
        field: c.field,
        merchant: text,
        categoryId: c.category_id,
        categoryName: c.category_name,
        evidence: c.evidence,
        rule: {
          name: `${text} → ${c.category_name}`.slice(0, 120),
          enabled: true,
          stage: "normal" as const,
          match: "all" as const,
          conditions: [{ field: c.field, op: "contains" as const, value: text }],
          actions: [{ type: "setCategory" as const, categoryId: c.category_id }],
        },
      };
    });
}

/** Remembers a "no" so the suggestion does not come back. Idempotent. */
export async function dismissSuggestion(
  db: Database,
  householdId: string,
  memberId: string | null,
  body: { merchant: string; categoryId: string },
): Promise<void> {
  const [category] = await db
    .select({ id: categories.id })
    .from(categories)
    .where(and(eq(categories.id, body.categoryId), eq(categories.householdId, householdId)));
  if (!category) {
    throw new ApiError(422, "unknown_category", "categoryId is not a category of this household", [
      { path: "categoryId", message: "no such category" },
    ]);
  }
  await db
    .insert(ruleSuggestionDismissals)
    .values({
      householdId,
      merchantKey: merchantKey(body.merchant),
      categoryId: body.categoryId,
      dismissedBy: memberId,
    })
    .onConflictDoNothing();
}
