import { createRoute } from "@hono/zod-openapi";
import { HouseholdSchema } from "@tandem/shared";
import { bearerAuth, jsonContent, problems } from "../../lib/openapi";

const tags = ["Household"];

export const getHousehold = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Your household: its name, base currency and members (read-only API keys may read it)",
  responses: { 200: jsonContent(HouseholdSchema, "The household"), ...problems(401) },
});
