import { createRoute } from "@hono/zod-openapi";
import { ForecastQuerySchema, ForecastSchema } from "@tandem/shared";
import { bearerAuth, jsonContent, problems } from "../../lib/openapi";

export const getForecast = createRoute({
  method: "get",
  path: "/",
  tags: ["Forecast"],
  security: bearerAuth,
  summary:
    "Daily projected balance per account: today's balance, confirmed recurring items, and budgets' remaining spending spread over their periods",
  request: { query: ForecastQuerySchema },
  responses: { 200: jsonContent(ForecastSchema, "The projection"), ...problems(401, 404, 422) },
});
