import type { CreateRuleBody, Rule, RuleAction, RuleCondition, UpdateRuleBody } from "@tandem/shared";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/client";
import { accounts, categories, rules } from "../db/schema";
import { compileRules, type RuleDefinition, regexProblems } from "../domain/rules/engine";
import { ApiError, notFound } from "../lib/problem";

type RuleRow = typeof rules.$inferSelect;

export function toRule(row: RuleRow): Rule {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    stage: row.stage,
    priority: row.priority,
    match: row.match,
    conditions: row.conditions,
    actions: row.actions,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const toDefinition = (row: RuleRow): RuleDefinition => ({
  id: row.id,
  name: row.name,
  enabled: row.enabled,
  stage: row.stage,
  priority: row.priority,
  match: row.match,
  conditions: row.conditions,
  actions: row.actions,
});

/** The household's rules in the order they run. */
export async function listRuleRows(db: Executor, householdId: string): Promise<RuleRow[]> {
  const rows = await db.select().from(rules).where(eq(rules.householdId, householdId));
  const order = new Map(
    compileRules(rows.map(toDefinition), { includeDisabled: true }).map((r, i) => [r.definition.id, i]),
  );
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

export async function listRules(db: Executor, householdId: string): Promise<Rule[]> {
  return (await listRuleRows(db, householdId)).map(toRule);
}

export async function findRuleRow(db: Executor, householdId: string, id: string): Promise<RuleRow> {
  const [row] = await db
    .select()
    .from(rules)
    .where(and(eq(rules.id, id), eq(rules.householdId, householdId)));
  if (!row) throw notFound("Rule");
  return row;
}

/**
 * What the contract cannot check alone: regexes are safe, and every category and account
 * a rule names is the household's own (another household's id reads as unknown).
 */
export async function assertRuleValid(
  db: Executor,
  householdId: string,
  rule: { conditions: RuleCondition[]; actions: RuleAction[] },
  prefix = "",
): Promise<void> {
  const unsafe = regexProblems(rule.conditions, `${prefix}conditions`);
  if (unsafe.length > 0) {
    throw new ApiError(
      422,
      "unsafe_regex",
      "A regex condition could take too long to match; simplify it (no nested repetition, alternatives inside repetition, backreferences or lookarounds)",
      unsafe,
    );
  }
  const categoryIds = rule.actions.flatMap((a, i) => (a.type === "setCategory" ? [[a.categoryId, i] as const] : []));
  const unknownCategories = await notInHousehold(db, categories, householdId, categoryIds);
  if (unknownCategories.length > 0) {
    throw new ApiError(
      422,
      "unknown_category",
      "categoryId is not a category of this household",
      unknownCategories.map(([, i]) => ({ path: `${prefix}actions.${i}.categoryId`, message: "no such category" })),
    );
  }
  const accountIds = rule.conditions.flatMap((c, i) =>
    c.field === "account" ? (c.op === "is" ? [c.value] : c.value).map((id) => [id, i] as const) : [],
  );
  const unknownAccounts = await notInHousehold(db, accounts, householdId, accountIds);
  if (unknownAccounts.length > 0) {
    throw new ApiError(
      422,
      "unknown_account",
      "An account condition names an account that is not this household's",
      unknownAccounts.map(([, i]) => ({ path: `${prefix}conditions.${i}.value`, message: "no such account" })),
    );
  }
}

export async function createRule(
  db: Database,
  householdId: string,
  memberId: string | null,
  body: CreateRuleBody,
): Promise<Rule> {
  await assertRuleValid(db, householdId, body);
  // New rules go to the bottom of their stage: an existing rule keeps its precedence.
  const [inserted] = await db
    .insert(rules)
    .values({
      householdId,
      name: body.name,
      enabled: body.enabled,
      stage: body.stage,
      match: body.match,
      conditions: body.conditions,
      actions: body.actions,
      createdBy: memberId,
      priority: sql`(select coalesce(max(${rules.priority}) + 1, 0) from ${rules} where ${rules.householdId} = ${householdId})`,
    })
    .returning();
  return toRule(inserted!);
}

/** The rule as it would be after the patch (for saving, and for previewing an edit). */
export function mergeRule(row: RuleRow, patch: UpdateRuleBody): RuleDefinition {
  const base = toDefinition(row);
  return {
    ...base,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
  } as RuleDefinition;
}

export async function updateRule(db: Database, householdId: string, id: string, patch: UpdateRuleBody): Promise<Rule> {
  const row = await findRuleRow(db, householdId, id);
  const merged = mergeRule(row, patch);
  await assertRuleValid(db, householdId, merged);
  const [updated] = await db
    .update(rules)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(and(eq(rules.id, id), eq(rules.householdId, householdId)))
    .returning();
  return toRule(updated!);
}

export async function deleteRule(db: Database, householdId: string, id: string): Promise<void> {
  await findRuleRow(db, householdId, id);
  // Transactions it categorised keep their category; their `why` still names the rule's id.
  await db.delete(rules).where(and(eq(rules.id, id), eq(rules.householdId, householdId)));
}

/** Sets every rule's priority from its position in `ids`, which must list each rule once. */
export async function reorderRules(db: Database, householdId: string, ids: readonly string[]): Promise<Rule[]> {
  return db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: rules.id })
      .from(rules)
      .where(eq(rules.householdId, householdId))
      .for("update");
    const known = new Set(existing.map((r) => r.id));
    const unknown = ids.flatMap((id, i) => (known.has(id) ? [] : [{ path: `ids.${i}`, message: "no such rule" }]));
    if (unknown.length > 0)
      throw new ApiError(422, "unknown_rule", "ids names a rule this household does not have", unknown);
    const seen = new Set<string>();
    const duplicates = ids.flatMap((id, i) => {
      if (seen.has(id)) return [{ path: `ids.${i}`, message: "listed twice" }];
      seen.add(id);
      return [];
    });
    const missing = existing.filter((r) => !seen.has(r.id));
    if (duplicates.length > 0 || missing.length > 0) {
      throw new ApiError(422, "incomplete_order", "List every rule of the household exactly once", [
        ...duplicates,
        ...(missing.length > 0 ? [{ path: "ids", message: `${missing.length} rule(s) missing` }] : []),
      ]);
    }
    const order = ids.map((id, priority) => ({ id, priority }));
    await tx.execute(sql`
      update ${rules} r set priority = o.priority, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(order)}::jsonb) as o(id uuid, priority int)
       where r.id = o.id and r.household_id = ${householdId} and r.priority <> o.priority`);
    return listRules(tx, householdId);
  });
}

/** The references (id, position in the rule) that name no row of `table` in this household. */
async function notInHousehold(
  db: Executor,
  table: typeof categories | typeof accounts,
  householdId: string,
  refs: readonly (readonly [string, number])[],
): Promise<(readonly [string, number])[]> {
  if (refs.length === 0) return [];
  const found: { id: string }[] = await db
    .select({ id: table.id })
    .from(table)
    .where(
      and(
        eq(table.householdId, householdId),
        inArray(
          table.id,
          refs.map(([id]) => id),
        ),
      ),
    );
  const known = new Set(found.map((row) => row.id));
  return refs.filter(([id]) => !known.has(id));
}
