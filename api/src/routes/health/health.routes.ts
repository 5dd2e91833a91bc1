import { createRoute } from "@hono/zod-openapi";
import { HealthSchema } from "@tandem/shared";
import { jsonContent } from "../../lib/openapi";

export const getHealth = createRoute({
  method: "get",
  path: "/",
  tags: ["Health"],
  summary: "Service health: database, migrations, bank sync",
  responses: {
    200: jsonContent(HealthSchema, "Healthy"),
    503: jsonContent(HealthSchema, "Database unreachable or migrations behind"),
  },
});
