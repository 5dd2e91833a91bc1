import { createRoute } from "@hono/zod-openapi";
import {
  CreateRecurringBodySchema,
  IdParamsSchema,
  ListRecurringQuerySchema,
  ProcessRecurringQuerySchema,
  ProcessRecurringResultSchema,
  RecurringListSchema,
  RecurringSeriesSchema,
  UpdateRecurringBodySchema,
} from "@tandem/shared";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";

const tags = ["Recurring"];

export const listRecurring = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Recurring series: detected in the history (suggested), confirmed, dismissed, and templates",
  request: { query: ListRecurringQuerySchema },
  responses: { 200: jsonContent(RecurringListSchema, "Series, confirmed first"), ...problems(401, 422) },
});

export const createRecurring = createRoute({
  method: "post",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "A template: creates a transaction on each scheduled date",
  request: jsonBody(CreateRecurringBodySchema),
  responses: { 201: jsonContent(RecurringSeriesSchema, "Created"), ...problems(400, 401, 403, 422) },
});

export const getRecurring = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "One series",
  request: { params: IdParamsSchema },
  responses: { 200: jsonContent(RecurringSeriesSchema, "The series"), ...problems(401, 404, 422) },
});

export const updateRecurring = createRoute({
  method: "patch",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Correct amount, cadence, next date, account or category (detection keeps its hands off them)",
  request: { params: IdParamsSchema, ...jsonBody(UpdateRecurringBodySchema) },
  responses: { 200: jsonContent(RecurringSeriesSchema, "Updated"), ...problems(400, 401, 403, 404, 422) },
});

export const confirmRecurring = createRoute({
  method: "post",
  path: "/{id}/confirm",
  tags,
  security: bearerAuth,
  summary: "Confirm a series: it counts in the forecast",
  request: { params: IdParamsSchema },
  responses: { 200: jsonContent(RecurringSeriesSchema, "Confirmed"), ...problems(401, 403, 404, 422) },
});

export const dismissRecurring = createRoute({
  method: "post",
  path: "/{id}/dismiss",
  tags,
  security: bearerAuth,
  summary: "Dismiss a series: never suggested again; a dismissed template stops",
  request: { params: IdParamsSchema },
  responses: { 200: jsonContent(RecurringSeriesSchema, "Dismissed"), ...problems(401, 403, 404, 422) },
});

export const processRecurring = createRoute({
  method: "post",
  path: "/{id}/process",
  tags,
  security: bearerAuth,
  summary: "Create a template's due transactions now (each occurrence exactly once)",
  request: { params: IdParamsSchema, query: ProcessRecurringQuerySchema },
  responses: {
    200: jsonContent(ProcessRecurringResultSchema, "What this call created (empty when already done)"),
    ...problems(401, 403, 404, 409, 422),
  },
});
