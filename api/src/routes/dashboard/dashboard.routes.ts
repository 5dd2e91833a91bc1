import { createRoute } from "@hono/zod-openapi";
import { DashboardKeySchema, DashboardTransactionPageSchema, DashboardTransactionsQuerySchema } from "@tandem/shared";
import { bearerAuth, jsonContent, problems } from "../../lib/openapi";

const tags = ["Dashboard"];

export const getKey = createRoute({
  method: "get",
  path: "/key",
  tags,
  security: bearerAuth,
  summary: "The key that unseals your household's dashboard data (members only, never cached)",
  responses: {
    200: {
      ...jsonContent(DashboardKeySchema, "The household's sealing key"),
      headers: { "Cache-Control": { description: "no-store", schema: { type: "string" as const } } },
    },
    ...problems(401, 403, 503),
  },
});

export const listTransactions = createRoute({
  method: "get",
  path: "/transactions",
  tags,
  security: bearerAuth,
  summary: "Every transaction as columns, oldest first, for the dashboard's build (keyset cursor)",
  request: { query: DashboardTransactionsQuerySchema },
  responses: {
    200: jsonContent(DashboardTransactionPageSchema, "A page of columns"),
    ...problems(400, 401, 422),
  },
});
