import { createRoute } from "@hono/zod-openapi";
import {
  ExchangeBodySchema,
  IdParamsSchema,
  LinkTokenBodySchema,
  LinkTokenSchema,
  PlaidItemListSchema,
  PlaidItemSchema,
  SyncResultSchema,
  SyncRunListSchema,
} from "@tandem/shared";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";
import { rateLimitedResponse } from "../../lib/rate-limits";

const tags = ["Banks (Plaid)"];

export const createLinkToken = createRoute({
  method: "post",
  path: "/link-token",
  tags,
  security: bearerAuth,
  summary: "A Link token to connect a bank, or with itemId to repair a login (update mode)",
  request: jsonBody(LinkTokenBodySchema),
  responses: {
    200: jsonContent(LinkTokenSchema, "Open Plaid Link with this"),
    ...problems(400, 401, 403, 404, 409, 422, 503),
  },
});

export const exchange = createRoute({
  method: "post",
  path: "/exchange",
  tags,
  security: bearerAuth,
  summary: "Finish linking: exchange Link's public token; the first sync starts at once",
  request: jsonBody(ExchangeBodySchema),
  responses: { 201: jsonContent(PlaidItemSchema, "The linked bank"), ...problems(400, 401, 403, 409, 422, 503) },
});

export const listItems = createRoute({
  method: "get",
  path: "/items",
  tags,
  security: bearerAuth,
  summary: "Linked banks with their sync state",
  responses: { 200: jsonContent(PlaidItemListSchema, "Banks"), ...problems(401) },
});

export const syncItem = createRoute({
  method: "post",
  path: "/items/{id}/sync",
  tags,
  security: bearerAuth,
  summary: "Sync a bank now",
  request: { params: IdParamsSchema },
  responses: {
    200: jsonContent(SyncResultSchema, "What changed"),
    ...rateLimitedResponse(
      "This bank synced moments ago (`sync_too_soon`) or too many manual syncs (`rate_limited`); Retry-After says when to retry",
    ),
    ...problems(401, 403, 404, 409, 422, 503),
  },
});

export const markRepaired = createRoute({
  method: "post",
  path: "/items/{id}/repaired",
  tags,
  security: bearerAuth,
  summary: "Tell Tandem a member finished Link in update mode; a sound login is marked healthy and syncs",
  request: { params: IdParamsSchema },
  responses: {
    200: jsonContent(PlaidItemSchema, "The bank as Plaid now sees it"),
    ...problems(400, 401, 403, 404, 409, 422, 503),
  },
});

export const listSyncRuns = createRoute({
  method: "get",
  path: "/items/{id}/sync-runs",
  tags,
  security: bearerAuth,
  summary: "The bank's recent syncs, newest first",
  request: { params: IdParamsSchema },
  responses: { 200: jsonContent(SyncRunListSchema, "Sync log"), ...problems(401, 404, 422) },
});

export const removeItem = createRoute({
  method: "delete",
  path: "/items/{id}",
  tags,
  security: bearerAuth,
  summary: "Unlink a bank; its accounts and transactions stay as history",
  request: { params: IdParamsSchema },
  responses: { 204: { description: "Unlinked" }, ...problems(400, 401, 403, 404, 422, 503) },
});
