import { createRoute } from "@hono/zod-openapi";
import {
  BudgetListSchema,
  BudgetSchema,
  BudgetStatusListSchema,
  BudgetStatusQuerySchema,
  CreateBudgetBodySchema,
  IdParamsSchema,
  UpdateBudgetBodySchema,
} from "@tandem/shared";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";

const tags = ["Budgets"];

export const listBudgets = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "The household's budgets",
  responses: { 200: jsonContent(BudgetListSchema, "Budgets"), ...problems(401) },
});

export const budgetStatus = createRoute({
  method: "get",
  path: "/status",
  tags,
  security: bearerAuth,
  summary: "Each budget's standing in its period containing `date`",
  description:
    "`date` (YYYY-MM-DD, default today in UTC) picks, for each budget, the calendar period that contains it " +
    "(weeks Monday to Sunday, quarters from January/April/July/October); the projection counts elapsed days up to " +
    "and including it. `spent` is net posted spending in the category and its subcategories (or all expense " +
    "categories and uncategorised money out for an overall budget), transfers excluded. Computing the status " +
    "also raises the 80 % and 100 % alerts due, once per budget, period and threshold.",
  request: { query: BudgetStatusQuerySchema },
  responses: { 200: jsonContent(BudgetStatusListSchema, "Statuses"), ...problems(401, 422) },
});

export const getBudget = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "One budget",
  request: { params: IdParamsSchema },
  responses: { 200: jsonContent(BudgetSchema, "The budget"), ...problems(401, 404, 422) },
});

export const createBudget = createRoute({
  method: "post",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Add a budget for an expense category (with its subcategories) or overall",
  request: jsonBody(CreateBudgetBodySchema),
  responses: { 201: jsonContent(BudgetSchema, "Created"), ...problems(400, 401, 403, 422) },
});

export const updateBudget = createRoute({
  method: "patch",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Change a budget",
  request: { params: IdParamsSchema, ...jsonBody(UpdateBudgetBodySchema) },
  responses: { 200: jsonContent(BudgetSchema, "Updated"), ...problems(400, 401, 403, 404, 422) },
});

export const deleteBudget = createRoute({
  method: "delete",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Delete a budget",
  request: { params: IdParamsSchema },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 422) },
});
