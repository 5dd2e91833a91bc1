import { toIsoDate } from "@tandem/shared";
import type { AppRouteHandler } from "../../lib/openapi";
import { settleUp } from "../../splits/settle-up";
import type * as routes from "./settle-up.routes";

export const getSettleUp: AppRouteHandler<typeof routes.getSettleUp> = async (c) => {
  const { deps, principal } = c.var;
  const { from, to, limit } = c.req.valid("query");
  const range = { from: from ?? null, to: to ?? toIsoDate(deps.now()), limit };
  return c.json(await settleUp(deps.db, principal.householdId, range), 200);
};
