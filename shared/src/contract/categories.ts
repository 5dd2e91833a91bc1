import { z } from "../zod";
import { IdSchema, TimestampSchema } from "./common";
import { DefaultSplitInputSchema, SplitSchema } from "./splits";

const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a hex colour like #1c7ed6");
const Icon = z.string().trim().min(1).max(40);

/**
 * What money in a category is: spending, income, or a move between the household's own
 * accounts (a card payment, savings). Reports and budgets count only expense and income;
 * a transfer is neither, or every card payment would count the same spending twice.
 */
export const CATEGORY_KINDS = ["income", "expense", "transfer"] as const;
export const CategoryKindSchema = z.enum(CATEGORY_KINDS).openapi({
  description: "income, expense, or transfer (between the household's own accounts)",
  example: "expense",
});

export const CategorySchema = z
  .object({
    id: IdSchema,
    parentId: IdSchema.nullable(),
    name: z.string(),
    color: z.string(),
    icon: z.string(),
    kind: CategoryKindSchema,
    defaultSplit: SplitSchema.nullable().openapi({
      description: "Overrides the account's default split for this category; null: the account's applies",
    }),
    createdAt: TimestampSchema,
  })
  .openapi("Category");

export const CreateCategoryBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(80),
    parentId: IdSchema.nullable().default(null),
    color: Color.default("#868e96"),
    icon: Icon.default("tag"),
    kind: CategoryKindSchema.optional().openapi({
      description: "Defaults to the parent's kind, or expense for a top-level category",
    }),
    defaultSplit: DefaultSplitInputSchema.nullable().optional(),
  })
  .openapi("CreateCategoryBody");

export const UpdateCategoryBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(80).optional(),
    parentId: IdSchema.nullable().optional(),
    color: Color.optional(),
    icon: Icon.optional(),
    kind: CategoryKindSchema.optional().openapi({
      description: "Changes this category only; its subcategories keep their own kind",
    }),
    defaultSplit: DefaultSplitInputSchema.nullable().optional(),
  })
  .openapi("UpdateCategoryBody");

export const DeleteCategoryQuerySchema = z.object({
  reassignTo: IdSchema.optional().openapi({
    description: "Move the category's transactions here; without it they become uncategorised",
  }),
});

export const CategoryListSchema = z.object({ items: z.array(CategorySchema) }).openapi("CategoryList");

export type Category = z.infer<typeof CategorySchema>;
export type CategoryKind = z.infer<typeof CategoryKindSchema>;
