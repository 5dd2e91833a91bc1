import type { CreateGoalBody, Goal, GoalContribution, UpdateGoalBody } from "@tandem/shared";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { type Database, type Executor, isUniqueViolation } from "../db/client";
import { accounts, goalContributions, goals, households, transactions } from "../db/schema";
import { contributionValue, goalProgress } from "../domain/goals/progress";
import { ApiError, notFound } from "../lib/problem";
import { raiseGoalMilestone } from "../notifications/goals";

type GoalRow = typeof goals.$inferSelect;

async function contributionsOf(db: Executor, householdId: string, goalIds: string[]) {
  if (goalIds.length === 0) return [];
  const t = transactions;
  return db
    .select({
      goalId: goalContributions.goalId,
      transactionId: t.id,
      accountId: t.accountId,
      date: t.date,
      amount: t.amount,
      description: t.description,
    })
    .from(goalContributions)
    .innerJoin(t, and(eq(t.id, goalContributions.transactionId), eq(t.householdId, householdId)))
    .where(and(eq(goalContributions.householdId, householdId), inArray(goalContributions.goalId, goalIds)))
    .orderBy(asc(t.date), asc(t.id));
}

type ContributionRow = Awaited<ReturnType<typeof contributionsOf>>[number];

function toContribution(row: ContributionRow, goal: GoalRow): GoalContribution {
  return {
    transactionId: row.transactionId,
    accountId: row.accountId,
    date: row.date,
    amount: row.amount,
    value: contributionValue(row.amount, row.accountId, goal.accountId),
    description: row.description,
  };
}

function toGoal(row: GoalRow, contributions: GoalContribution[], today: string): Goal {
  return {
    id: row.id,
    name: row.name,
    targetAmount: row.targetAmount,
    currency: row.currency,
    deadline: row.deadline,
    accountId: row.accountId,
    progress: goalProgress(row, contributions, today),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listGoals(db: Executor, householdId: string, today: string): Promise<Goal[]> {
  const rows = await db.select().from(goals).where(eq(goals.householdId, householdId)).orderBy(goals.name, goals.id);
  const all = await contributionsOf(
    db,
    householdId,
    rows.map((r) => r.id),
  );
  return rows.map((row) =>
    toGoal(
      row,
      all.filter((c) => c.goalId === row.id).map((c) => toContribution(c, row)),
      today,
    ),
  );
}

async function findGoalRow(db: Executor, householdId: string, id: string, lock = false): Promise<GoalRow> {
  const query = db
    .select()
    .from(goals)
    .where(and(eq(goals.id, id), eq(goals.householdId, householdId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound("Goal");
  return row;
}

export async function getGoalDetail(db: Executor, householdId: string, id: string, today: string) {
  const row = await findGoalRow(db, householdId, id);
  const items = (await contributionsOf(db, householdId, [id])).map((c) => toContribution(c, row));
  return { goal: toGoal(row, items, today), items };
}

export async function getGoal(db: Executor, householdId: string, id: string, today: string): Promise<Goal> {
  return (await getGoalDetail(db, householdId, id, today)).goal;
}

async function accountFor(db: Executor, householdId: string, accountId: string) {
  const [row] = await db
    .select({ id: accounts.id, currency: accounts.currency })
    .from(accounts)
    .where(and(eq(accounts.id, accountId), eq(accounts.householdId, householdId)));
  if (!row) {
    throw new ApiError(422, "unknown_account", "accountId is not an account of this household", [
      { path: "accountId", message: "no such account" },
    ]);
  }
  return row;
}

const currencyMismatch = (expected: string, path: string) =>
  new ApiError(422, "currency_mismatch", `The goal is in ${expected}; amounts must be in it too`, [
    { path, message: `must be ${expected}` },
  ]);

export async function createGoal(db: Database, householdId: string, input: CreateGoalBody, today: string) {
  const account = input.accountId ? await accountFor(db, householdId, input.accountId) : null;
  let currency = input.currency ?? account?.currency;
  if (!currency) {
    const [home] = await db
      .select({ currency: households.baseCurrency })
      .from(households)
      .where(eq(households.id, householdId));
    currency = home!.currency;
  }
  if (account && account.currency !== currency) throw currencyMismatch(currency, "accountId");
  const [row] = await db
    .insert(goals)
    .values({
      householdId,
      name: input.name,
      targetAmount: input.targetAmount,
      currency,
      deadline: input.deadline ?? null,
      accountId: account?.id ?? null,
    })
    .returning();
  return toGoal(row!, [], today);
}

export async function updateGoal(
  db: Database,
  householdId: string,
  id: string,
  changes: UpdateGoalBody,
  today: string,
) {
  const row = await findGoalRow(db, householdId, id);
  if (changes.accountId) {
    const account = await accountFor(db, householdId, changes.accountId);
    if (account.currency !== row.currency) throw currencyMismatch(row.currency, "accountId");
  }
  await db
    .update(goals)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(goals.id, id), eq(goals.householdId, householdId)));
  return getGoal(db, householdId, id, today);
}

export async function deleteGoal(db: Database, householdId: string, id: string) {
  await findGoalRow(db, householdId, id);
  // Contributions go with it (ON DELETE CASCADE); the transactions stay.
  await db.delete(goals).where(and(eq(goals.id, id), eq(goals.householdId, householdId)));
}

/**
 * Links transactions to a goal, all or none. Linking one already linked here is a
 * no-op (retries are safe); one linked to another goal is a conflict, since a
 * transaction counts towards at most one goal.
 */
export async function linkContributions(
  db: Database,
  householdId: string,
  id: string,
  transactionIds: string[],
  today: string,
) {
  const ids = [...new Set(transactionIds)];
  try {
    await db.transaction(async (tx) => {
      const goal = await findGoalRow(tx, householdId, id, true);
      if (ids.length === 0) return;
      const found = await tx
        .select({ id: transactions.id, currency: transactions.currency })
        .from(transactions)
        .where(and(eq(transactions.householdId, householdId), inArray(transactions.id, ids)));
      const known = new Map(found.map((t) => [t.id, t.currency]));
      const missing = ids.flatMap((txId, i) =>
        known.has(txId) ? [] : [{ path: `transactionIds.${i}`, message: "no such transaction" }],
      );
      if (missing.length > 0) {
        throw new ApiError(
          422,
          "unknown_transaction",
          "Some transactionIds are not transactions of this household",
          missing,
        );
      }
      const wrongCurrency = ids.flatMap((txId, i) =>
        known.get(txId) === goal.currency
          ? []
          : [{ path: `transactionIds.${i}`, message: `must be in ${goal.currency}` }],
      );
      if (wrongCurrency.length > 0) {
        throw new ApiError(
          422,
          "currency_mismatch",
          `The goal is in ${goal.currency}; contributions must be too`,
          wrongCurrency,
        );
      }
      const elsewhere = await tx
        .select({ transactionId: goalContributions.transactionId })
        .from(goalContributions)
        .where(
          and(
            eq(goalContributions.householdId, householdId),
            inArray(goalContributions.transactionId, ids),
            sql`${goalContributions.goalId} <> ${id}`,
          ),
        );
      if (elsewhere.length > 0) throw alreadyLinked(elsewhere.map((e) => e.transactionId));
      const before = await percentOf(tx, householdId, goal, today);
      await tx
        .insert(goalContributions)
        .values(ids.map((transactionId) => ({ householdId, goalId: id, transactionId })))
        .onConflictDoNothing({ target: [goalContributions.goalId, goalContributions.transactionId] });
      // Under the goal's row lock: concurrent links queue here, so each sees the other's effect.
      await raiseGoalMilestone(tx, householdId, goal, before, await percentOf(tx, householdId, goal, today));
    });
  } catch (error) {
    // Two goals claiming one transaction at the same moment: the unique index decides.
    if (isUniqueViolation(error)) throw alreadyLinked([]);
    throw error;
  }
  return getGoalDetail(db, householdId, id, today);
}

async function percentOf(db: Executor, householdId: string, goal: GoalRow, today: string): Promise<number> {
  const items = (await contributionsOf(db, householdId, [goal.id])).map((c) => toContribution(c, goal));
  return goalProgress(goal, items, today).percent;
}

const alreadyLinked = (ids: string[]) =>
  new ApiError(
    409,
    "already_linked",
    "A transaction counts towards one goal; unlink it from the other goal first",
    ids.map((transactionId) => ({ path: "transactionIds", message: `${transactionId} belongs to another goal` })),
  );

export async function unlinkContributions(
  db: Database,
  householdId: string,
  id: string,
  transactionIds: string[],
  today: string,
) {
  await findGoalRow(db, householdId, id);
  if (transactionIds.length > 0) {
    await db
      .delete(goalContributions)
      .where(
        and(
          eq(goalContributions.householdId, householdId),
          eq(goalContributions.goalId, id),
          inArray(goalContributions.transactionId, transactionIds),
        ),
      );
  }
  return getGoalDetail(db, householdId, id, today);
}
