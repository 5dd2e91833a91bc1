import { createRoute } from "@hono/zod-openapi";
import {
  CreateGoalBodySchema,
  GoalContributionListSchema,
  GoalContributionsBodySchema,
  GoalListSchema,
  GoalSchema,
  IdParamsSchema,
  UpdateGoalBodySchema,
} from "@tandem/shared";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";

const tags = ["Goals"];

export const listGoals = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Savings goals with progress and projected completion",
  responses: { 200: jsonContent(GoalListSchema, "Goals"), ...problems(401) },
});

export const createGoal = createRoute({
  method: "post",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Set a goal",
  request: jsonBody(CreateGoalBodySchema),
  responses: { 201: jsonContent(GoalSchema, "Created"), ...problems(400, 401, 403, 422) },
});

export const getGoal = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "One goal",
  request: { params: IdParamsSchema },
  responses: { 200: jsonContent(GoalSchema, "The goal"), ...problems(401, 404, 422) },
});

export const updateGoal = createRoute({
  method: "patch",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Rename, retarget, move the deadline or the account (the currency is fixed)",
  request: { params: IdParamsSchema, ...jsonBody(UpdateGoalBodySchema) },
  responses: { 200: jsonContent(GoalSchema, "Updated"), ...problems(400, 401, 403, 404, 422) },
});

export const deleteGoal = createRoute({
  method: "delete",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Delete a goal (its transactions stay)",
  request: { params: IdParamsSchema },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 422) },
});

export const listContributions = createRoute({
  method: "get",
  path: "/{id}/contributions",
  tags,
  security: bearerAuth,
  summary: "The transactions counted towards a goal",
  request: { params: IdParamsSchema },
  responses: {
    200: jsonContent(GoalContributionListSchema, "Contributions, oldest first"),
    ...problems(401, 404, 422),
  },
});

export const linkContributions = createRoute({
  method: "post",
  path: "/{id}/contributions",
  tags,
  security: bearerAuth,
  summary: "Count transactions towards the goal (all or none; linking twice is harmless)",
  request: { params: IdParamsSchema, ...jsonBody(GoalContributionsBodySchema) },
  responses: {
    200: jsonContent(GoalContributionListSchema, "The goal's contributions now"),
    ...problems(400, 401, 403, 404, 409, 422),
  },
});

export const unlinkContributions = createRoute({
  method: "post",
  path: "/{id}/contributions/unlink",
  tags,
  security: bearerAuth,
  summary: "Stop counting transactions towards the goal (ids not linked are ignored)",
  request: { params: IdParamsSchema, ...jsonBody(GoalContributionsBodySchema) },
  responses: {
    200: jsonContent(GoalContributionListSchema, "The goal's contributions now"),
    ...problems(400, 401, 403, 404, 422),
  },
});
