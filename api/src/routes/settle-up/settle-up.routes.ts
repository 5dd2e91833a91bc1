import { createRoute } from "@hono/zod-openapi";
import { SettleUpQuerySchema, SettleUpSchema } from "@tandem/shared";
import { bearerAuth, jsonContent, problems } from "../../lib/openapi";

export const getSettleUp = createRoute({
  method: "get",
  path: "/",
  tags: ["Settle-up"],
  security: bearerAuth,
  summary: "Who owes whom, per currency, with the transactions and settlements behind it",
  description:
    "Each transaction moves (its member's part − what that member paid). Pending transactions and transfers between the household's own accounts are left out unless a member split them. `to` defaults to today; without `from` the balance covers all history.",
  request: { query: SettleUpQuerySchema },
  responses: { 200: jsonContent(SettleUpSchema, "The balance"), ...problems(401, 422) },
});
