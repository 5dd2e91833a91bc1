import { toIsoDate } from "@tandem/shared";
import type { AppRouteHandler } from "../../lib/openapi";
import * as settlements from "../../splits/settlements";
import type * as routes from "./settlements.routes";

export const listSettlements: AppRouteHandler<typeof routes.listSettlements> = async (c) => {
  const { deps, principal } = c.var;
  return c.json({ items: await settlements.listSettlements(deps.db, principal.householdId) }, 200);
};

export const createSettlement: AppRouteHandler<typeof routes.createSettlement> = async (c) => {
  const { deps, principal } = c.var;
  const recordedBy = principal.kind === "member" ? principal.userId : null;
  const today = toIsoDate(deps.now());
  const result = await settlements.createSettlement(
    deps.db,
    principal.householdId,
    recordedBy,
    c.req.valid("json"),
    today,
  );
  return result.created ? c.json(result.settlement, 201) : c.json(result.settlement, 200);
};

export const deleteSettlement: AppRouteHandler<typeof routes.deleteSettlement> = async (c) => {
  await settlements.deleteSettlement(c.var.deps.db, c.var.principal.householdId, c.req.valid("param").id);
  return c.body(null, 204);
};
