import { describeHousehold, updateHousehold as update } from "../../auth/members";
import type { AppRouteHandler } from "../../lib/openapi";
import type * as routes from "./household.routes";

export const getHousehold: AppRouteHandler<typeof routes.getHousehold> = async (c) => {
  return c.json(await describeHousehold(c.var.deps.db, c.var.principal.householdId), 200);
};

export const updateHousehold: AppRouteHandler<typeof routes.updateHousehold> = async (c) => {
  return c.json(await update(c.var.deps.db, c.var.principal.householdId, c.req.valid("json")), 200);
};
