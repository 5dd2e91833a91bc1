import { createRoute } from "@hono/zod-openapi";
import { HouseholdSchema, UpdateHouseholdBodySchema } from "@tandem/shared";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";

const tags = ["Household"];

export const getHousehold = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Your household: its name, base currency and members (read-only API keys may read it)",
  responses: { 200: jsonContent(HouseholdSchema, "The household"), ...problems(401) },
});

export const updateHousehold = createRoute({
  method: "patch",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Rename the household or change its base currency (members only)",
  description:
    "The base currency is what reports convert into, with the rates of `/rates`. Stored amounts keep their own currency; nothing is rewritten.",
  request: jsonBody(UpdateHouseholdBodySchema),
  responses: { 200: jsonContent(HouseholdSchema, "The household now"), ...problems(400, 401, 403, 422) },
});
