import { createRoute } from "@hono/zod-openapi";
import {
  AccountListSchema,
  AccountSchema,
  CreateAccountBodySchema,
  IdParamsSchema,
  UpdateAccountBodySchema,
} from "@tandem/shared";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";

const tags = ["Accounts"];

export const listAccounts = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Accounts with balances derived from their transactions",
  responses: { 200: jsonContent(AccountListSchema, "Accounts"), ...problems(401) },
});

export const getAccount = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "One account",
  request: { params: IdParamsSchema },
  responses: { 200: jsonContent(AccountSchema, "The account"), ...problems(401, 404, 422) },
});

export const createAccount = createRoute({
  method: "post",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Open an account",
  request: jsonBody(CreateAccountBodySchema),
  responses: { 201: jsonContent(AccountSchema, "Created"), ...problems(400, 401, 403, 422) },
});

export const updateAccount = createRoute({
  method: "patch",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Rename, re-own, archive or correct the opening balance (the currency is fixed)",
  request: { params: IdParamsSchema, ...jsonBody(UpdateAccountBodySchema) },
  responses: { 200: jsonContent(AccountSchema, "Updated"), ...problems(400, 401, 403, 404, 422) },
});

export const deleteAccount = createRoute({
  method: "delete",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Delete an account without transactions",
  request: { params: IdParamsSchema },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 409, 422) },
});
