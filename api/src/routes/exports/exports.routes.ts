import { createRoute } from "@hono/zod-openapi";
import { BackupSchema, ListTransactionsQuerySchema, z } from "@tandem/shared";
import { bearerAuth, jsonContent, problems } from "../../lib/openapi";

const tags = ["Exports"];

export const exportTransactions = createRoute({
  method: "get",
  path: "/transactions.csv",
  tags,
  security: bearerAuth,
  summary: "Transactions as CSV, streamed, under the same filters as GET /transactions (limit and cursor ignored)",
  request: { query: ListTransactionsQuerySchema },
  responses: {
    200: { content: { "text/csv": { schema: z.string() } }, description: "RFC 4180 CSV, amounts as decimal strings" },
    ...problems(400, 401, 422),
  },
});

export const exportBackup = createRoute({
  method: "get",
  path: "/backup.json",
  tags,
  security: bearerAuth,
  summary:
    "The whole household as JSON (no password hashes, tokens or Plaid secrets); POST /imports/backup restores it",
  responses: { 200: jsonContent(BackupSchema, "The backup"), ...problems(401) },
});
