import { z } from "../zod";
import { IdSchema, TimestampSchema } from "./common";

const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a hex colour like #1c7ed6");
const Icon = z.string().trim().min(1).max(40);

export const CategorySchema = z
  .object({
    id: IdSchema,
    parentId: IdSchema.nullable(),
    name: z.string(),
    color: z.string(),
    icon: z.string(),
    createdAt: TimestampSchema,
  })
  .openapi("Category");

export const CreateCategoryBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(80),
    parentId: IdSchema.nullable().default(null),
    color: Color.default("#868e96"),
    icon: Icon.default("tag"),
  })
  .openapi("CreateCategoryBody");

export const UpdateCategoryBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(80).optional(),
    parentId: IdSchema.nullable().optional(),
    color: Color.optional(),
    icon: Icon.optional(),
  })
  .openapi("UpdateCategoryBody");

export const DeleteCategoryQuerySchema = z.object({
  reassignTo: IdSchema.optional().openapi({
    description: "Move the category's transactions here; without it they become uncategorised",
  }),
});

export const CategoryListSchema = z.object({ items: z.array(CategorySchema) }).openapi("CategoryList");

export type Category = z.infer<typeof CategorySchema>;
