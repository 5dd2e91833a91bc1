import { createRoute } from "@hono/zod-openapi";
import { CreateSettlementBodySchema, IdParamsSchema, SettlementListSchema, SettlementSchema } from "@tandem/shared";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";

const tags = ["Settle-up"];

export const listSettlements = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Every recorded settlement, newest first",
  responses: { 200: jsonContent(SettlementListSchema, "Settlements"), ...problems(401) },
});

export const createSettlement = createRoute({
  method: "post",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Record a payment between the members, or mark a synced transfer as one",
  description:
    "Without transactionId: amount is required; the payer defaults to the member recording it and the currency to the household's. With transactionId: the transfer's amount, currency, date and direction are used. The same transaction or idempotencyKey records one settlement; a retry answers 200 with it.",
  request: jsonBody(CreateSettlementBodySchema),
  responses: {
    201: jsonContent(SettlementSchema, "Recorded"),
    200: jsonContent(SettlementSchema, "Already recorded by an earlier call"),
    ...problems(400, 401, 403, 409, 422),
  },
});

export const deleteSettlement = createRoute({
  method: "delete",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Undo a settlement recorded by mistake",
  request: { params: IdParamsSchema },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 422) },
});
