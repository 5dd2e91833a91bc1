import { toIsoDate } from "@tandem/shared";
import type { AppRouteHandler } from "../../lib/openapi";
import type { Principal } from "../../lib/types";
import * as series from "../../recurring/series";
import type * as routes from "./recurring.routes";

const memberId = (principal: Principal) => (principal.kind === "member" ? principal.userId : null);

export const listRecurring: AppRouteHandler<typeof routes.listRecurring> = async (c) => {
  const { deps, principal } = c.var;
  const items = await series.listSeries(deps.db, principal.householdId, toIsoDate(deps.now()), c.req.valid("query"));
  return c.json({ items }, 200);
};

export const createRecurring: AppRouteHandler<typeof routes.createRecurring> = async (c) => {
  const { deps, principal } = c.var;
  return c.json(
    await series.createTemplate(deps.db, principal.householdId, memberId(principal), c.req.valid("json")),
    201,
  );
};

export const getRecurring: AppRouteHandler<typeof routes.getRecurring> = async (c) => {
  const { deps, principal } = c.var;
  return c.json(
    await series.getSeries(deps.db, principal.householdId, c.req.valid("param").id, toIsoDate(deps.now())),
    200,
  );
};

export const updateRecurring: AppRouteHandler<typeof routes.updateRecurring> = async (c) => {
  const { deps, principal } = c.var;
  const today = toIsoDate(deps.now());
  return c.json(
    await series.updateSeries(deps.db, principal.householdId, c.req.valid("param").id, c.req.valid("json"), today),
    200,
  );
};

export const confirmRecurring: AppRouteHandler<typeof routes.confirmRecurring> = async (c) => {
  const { deps, principal } = c.var;
  const today = toIsoDate(deps.now());
  return c.json(
    await series.setStatus(deps.db, principal.householdId, c.req.valid("param").id, "confirmed", today),
    200,
  );
};

export const dismissRecurring: AppRouteHandler<typeof routes.dismissRecurring> = async (c) => {
  const { deps, principal } = c.var;
  const today = toIsoDate(deps.now());
  return c.json(
    await series.setStatus(deps.db, principal.householdId, c.req.valid("param").id, "dismissed", today),
    200,
  );
};

export const processRecurring: AppRouteHandler<typeof routes.processRecurring> = async (c) => {
  const { deps, principal } = c.var;
  const today = toIsoDate(deps.now());
  const until = c.req.valid("query").until ?? today;
  return c.json(
    await series.processTemplate(deps.db, principal.householdId, c.req.valid("param").id, until, today),
    200,
  );
};
