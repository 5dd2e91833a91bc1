import { createRoute } from "@hono/zod-openapi";
import {
  BulkCategoriseBodySchema,
  BulkCategoriseResultSchema,
  CreateTransactionBodySchema,
  IdParamsSchema,
  ListTransactionsQuerySchema,
  TransactionDetailSchema,
  TransactionPageSchema,
  TransactionSchema,
  UpdateTransactionBodySchema,
} from "@tandem/shared";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";

const tags = ["Transactions"];

export const listTransactions = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Filter, sort and page through transactions (keyset cursor)",
  request: { query: ListTransactionsQuerySchema },
  responses: { 200: jsonContent(TransactionPageSchema, "A page"), ...problems(400, 401, 422) },
});

export const getTransaction = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "One transaction, with why it has its category",
  request: { params: IdParamsSchema },
  responses: {
    200: jsonContent(TransactionDetailSchema, "The transaction, with `why`"),
    ...problems(401, 404, 422),
  },
});

export const createTransaction = createRoute({
  method: "post",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Record a manual transaction (idempotent by sourceId)",
  request: jsonBody(CreateTransactionBodySchema),
  responses: {
    201: jsonContent(TransactionSchema, "Created"),
    200: jsonContent(TransactionSchema, "Already created by an earlier call with the same sourceId"),
    ...problems(400, 401, 403, 422),
  },
});

export const updateTransaction = createRoute({
  method: "patch",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Edit a transaction (a category set here is the member's choice)",
  request: { params: IdParamsSchema, ...jsonBody(UpdateTransactionBodySchema) },
  responses: { 200: jsonContent(TransactionSchema, "Updated"), ...problems(400, 401, 403, 404, 409, 422) },
});

export const deleteTransaction = createRoute({
  method: "delete",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Delete a transaction that did not come from the bank",
  request: { params: IdParamsSchema },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 409, 422) },
});

export const bulkCategorise = createRoute({
  method: "post",
  path: "/bulk-categorise",
  tags,
  security: bearerAuth,
  summary: "Give many transactions one category, all or nothing (each counts as the member's choice)",
  request: jsonBody(BulkCategoriseBodySchema),
  responses: { 200: jsonContent(BulkCategoriseResultSchema, "How many changed"), ...problems(400, 401, 403, 422) },
});
