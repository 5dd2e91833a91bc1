import { toIsoDate } from "@tandem/shared";
import { forecast } from "../../forecast/forecast";
import type { AppRouteHandler } from "../../lib/openapi";
import type * as routes from "./forecast.routes";

export const getForecast: AppRouteHandler<typeof routes.getForecast> = async (c) => {
  const { deps, principal } = c.var;
  const { days, accountId } = c.req.valid("query");
  return c.json(await forecast(deps.db, principal.householdId, toIsoDate(deps.now()), days, accountId), 200);
};
