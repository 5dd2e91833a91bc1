import { describeHousehold } from "../../auth/members";
import type { AppRouteHandler } from "../../lib/openapi";
import type * as routes from "./household.routes";

export const getHousehold: AppRouteHandler<typeof routes.getHousehold> = async (c) => {
  return c.json(await describeHousehold(c.var.deps.db, c.var.principal.householdId), 200);
};
