import { type Category, type CategoryKind, DEFAULT_CATEGORIES, type SplitInput } from "@tandem/shared";
import { and, asc, eq, sql } from "drizzle-orm";
import { type Database, type Executor, isUniqueViolation } from "../db/client";
import { categories, transactions } from "../db/schema";
import { wouldCreateCycle } from "../domain/category-tree";
import { ApiError, notFound } from "../lib/problem";
import { storedDefaultSplit } from "../splits/splits";

type CategoryRow = typeof categories.$inferSelect;

export function toCategory(row: CategoryRow): Category {
  return {
    id: row.id,
    parentId: row.parentId,
    name: row.name,
    color: row.color,
    icon: row.icon,
    kind: row.kind,
    defaultSplit: row.defaultSplit ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Subcategories take their root's colour, icon and kind. */
export async function seedDefaultCategories(db: Executor, householdId: string): Promise<void> {
  for (const seed of DEFAULT_CATEGORIES) {
    const [parent] = await db
      .insert(categories)
      .values({ householdId, name: seed.name, color: seed.color, icon: seed.icon, kind: seed.kind })
      .returning({ id: categories.id });
    const children = (seed.children ?? []).map((name) => ({
      householdId,
      parentId: parent!.id,
      name,
      color: seed.color,
      icon: seed.icon,
      kind: seed.kind,
    }));
    if (children.length > 0) await db.insert(categories).values(children);
  }
}

export async function listCategories(db: Executor, householdId: string): Promise<Category[]> {
  const rows = await db
    .select()
    .from(categories)
    .where(eq(categories.householdId, householdId))
    .orderBy(sql`${categories.parentId} nulls first`, asc(categories.name));
  return rows.map(toCategory);
}

export async function findCategory(db: Executor, householdId: string, id: string): Promise<CategoryRow> {
  const [row] = await db
    .select()
    .from(categories)
    .where(and(eq(categories.id, id), eq(categories.householdId, householdId)));
  if (!row) throw notFound("Category");
  return row;
}

const unknownParent = () =>
  new ApiError(422, "unknown_category", "parentId is not a category of this household", [
    { path: "parentId", message: "no such category" },
  ]);
const duplicateName = () =>
  new ApiError(409, "category_exists", "A category with this name already exists at that level");

/** The parent's kind, or null for a top-level category; an id of another household is unknown. */
async function assertParent(db: Executor, householdId: string, parentId: string | null): Promise<CategoryKind | null> {
  if (parentId === null) return null;
  const [row] = await db
    .select({ kind: categories.kind })
    .from(categories)
    .where(and(eq(categories.id, parentId), eq(categories.householdId, householdId)));
  if (!row) throw unknownParent();
  return row.kind;
}

function rethrowDuplicate(error: unknown): never {
  throw isUniqueViolation(error) ? duplicateName() : error;
}

export interface CategoryInput {
  name: string;
  parentId: string | null;
  color: string;
  icon: string;
  kind?: CategoryKind | undefined;
  defaultSplit?: SplitInput | null | undefined;
}

/** Without a kind, a subcategory is what its parent is (Salary under Income is income); a root is expense. */
export async function createCategory(db: Database, householdId: string, input: CategoryInput): Promise<Category> {
  const parentKind = await assertParent(db, householdId, input.parentId);
  const defaultSplit = (await storedDefaultSplit(db, householdId, input.defaultSplit)) ?? null;
  const [row] = await db
    .insert(categories)
    .values({ householdId, ...input, kind: input.kind ?? parentKind ?? "expense", defaultSplit })
    .returning()
    .catch(rethrowDuplicate);
  return toCategory(row!);
}

export async function updateCategory(
  db: Database,
  householdId: string,
  id: string,
  changes: Partial<CategoryInput>,
): Promise<Category> {
  // A kind changes only when asked: moving a category keeps it, and a parent's change
  // leaves its subcategories alone (one may be a refund under an expense, say).
  return db.transaction(async (tx) => {
    const current = await findCategory(tx, householdId, id);
    // An empty PATCH is a no-op; drizzle refuses an UPDATE with nothing to set.
    if (Object.values(changes).every((value) => value === undefined)) return toCategory(current);
    if (changes.parentId !== undefined) {
      await assertParent(tx, householdId, changes.parentId);
      const nodes = await tx
        .select({ id: categories.id, parentId: categories.parentId })
        .from(categories)
        .where(eq(categories.householdId, householdId));
      if (wouldCreateCycle(nodes, id, changes.parentId)) {
        throw new ApiError(422, "category_cycle", "A category cannot be moved under itself or its own subcategory", [
          { path: "parentId", message: "would create a cycle" },
        ]);
      }
    }
    const defaultSplit = await storedDefaultSplit(tx, householdId, changes.defaultSplit);
    const [row] = await tx
      .update(categories)
      .set({ ...changes, defaultSplit })
      .where(and(eq(categories.id, id), eq(categories.householdId, householdId)))
      .returning()
      .catch(rethrowDuplicate);
    return toCategory(row!);
  });
}

/**
 * Deleting a category never deletes money: its transactions move to `reassignTo` (or
 * become uncategorised) and its subcategories move up to its parent.
 */
export async function deleteCategory(db: Database, householdId: string, id: string, reassignTo?: string) {
  await db.transaction(async (tx) => {
    const category = await findCategory(tx, householdId, id);
    if (reassignTo !== undefined) {
      if (reassignTo === id) {
        throw new ApiError(422, "invalid_reassign", "reassignTo must be a different category", [
          { path: "reassignTo", message: "is the category being deleted" },
        ]);
      }
      await findCategory(tx, householdId, reassignTo).catch(() => {
        throw new ApiError(422, "unknown_category", "reassignTo is not a category of this household", [
          { path: "reassignTo", message: "no such category" },
        ]);
      });
    }
    await tx
      .update(transactions)
      .set(
        reassignTo
          ? { categoryId: reassignTo, updatedAt: sql`now()` }
          : { categoryId: null, categorySource: null, categorisedBy: null, updatedAt: sql`now()` },
      )
      .where(and(eq(transactions.householdId, householdId), eq(transactions.categoryId, id)));
    await tx
      .update(categories)
      .set({ parentId: category.parentId })
      .where(and(eq(categories.householdId, householdId), eq(categories.parentId, id)))
      .catch(rethrowDuplicate);
    await tx.delete(categories).where(and(eq(categories.id, id), eq(categories.householdId, householdId)));
  });
}
