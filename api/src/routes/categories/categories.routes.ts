import { createRoute } from "@hono/zod-openapi";
import {
  CategoryListSchema,
  CategorySchema,
  CreateCategoryBodySchema,
  DeleteCategoryQuerySchema,
  IdParamsSchema,
  UpdateCategoryBodySchema,
} from "@tandem/shared";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";

const tags = ["Categories"];

export const listCategories = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "The household's category tree, flattened (parents first)",
  responses: { 200: jsonContent(CategoryListSchema, "Categories"), ...problems(401) },
});

export const getCategory = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "One category",
  request: { params: IdParamsSchema },
  responses: { 200: jsonContent(CategorySchema, "The category"), ...problems(401, 404, 422) },
});

export const createCategory = createRoute({
  method: "post",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Add a category",
  request: jsonBody(CreateCategoryBodySchema),
  responses: { 201: jsonContent(CategorySchema, "Created"), ...problems(400, 401, 403, 409, 422) },
});

export const updateCategory = createRoute({
  method: "patch",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Rename, recolour or move a category",
  request: { params: IdParamsSchema, ...jsonBody(UpdateCategoryBodySchema) },
  responses: { 200: jsonContent(CategorySchema, "Updated"), ...problems(400, 401, 403, 404, 409, 422) },
});

export const deleteCategory = createRoute({
  method: "delete",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Delete a category; its transactions move to reassignTo or become uncategorised",
  request: { params: IdParamsSchema, query: DeleteCategoryQuerySchema },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 409, 422) },
});
