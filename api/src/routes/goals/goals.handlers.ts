import { toIsoDate } from "@tandem/shared";
import * as goals from "../../goals/goals";
import type { AppRouteHandler } from "../../lib/openapi";
import type * as routes from "./goals.routes";

export const listGoals: AppRouteHandler<typeof routes.listGoals> = async (c) => {
  const { deps, principal } = c.var;
  return c.json({ items: await goals.listGoals(deps.db, principal.householdId, toIsoDate(deps.now())) }, 200);
};

export const createGoal: AppRouteHandler<typeof routes.createGoal> = async (c) => {
  const { deps, principal } = c.var;
  return c.json(
    await goals.createGoal(deps.db, principal.householdId, c.req.valid("json"), toIsoDate(deps.now())),
    201,
  );
};

export const getGoal: AppRouteHandler<typeof routes.getGoal> = async (c) => {
  const { deps, principal } = c.var;
  return c.json(
    await goals.getGoal(deps.db, principal.householdId, c.req.valid("param").id, toIsoDate(deps.now())),
    200,
  );
};

export const updateGoal: AppRouteHandler<typeof routes.updateGoal> = async (c) => {
  const { deps, principal } = c.var;
  const today = toIsoDate(deps.now());
  return c.json(
    await goals.updateGoal(deps.db, principal.householdId, c.req.valid("param").id, c.req.valid("json"), today),
    200,
  );
};

export const deleteGoal: AppRouteHandler<typeof routes.deleteGoal> = async (c) => {
  await goals.deleteGoal(c.var.deps.db, c.var.principal.householdId, c.req.valid("param").id);
  return c.body(null, 204);
};

export const listContributions: AppRouteHandler<typeof routes.listContributions> = async (c) => {
  const { deps, principal } = c.var;
  return c.json(
    await goals.getGoalDetail(deps.db, principal.householdId, c.req.valid("param").id, toIsoDate(deps.now())),
    200,
  );
};

export const linkContributions: AppRouteHandler<typeof routes.linkContributions> = async (c) => {
  const { deps, principal } = c.var;
  const { transactionIds } = c.req.valid("json");
  const today = toIsoDate(deps.now());
  return c.json(
    await goals.linkContributions(deps.db, principal.householdId, c.req.valid("param").id, transactionIds, today),
    200,
  );
};

export const unlinkContributions: AppRouteHandler<typeof routes.unlinkContributions> = async (c) => {
  const { deps, principal } = c.var;
  const { transactionIds } = c.req.valid("json");
  const today = toIsoDate(deps.now());
  return c.json(
    await goals.unlinkContributions(deps.db, principal.householdId, c.req.valid("param").id, transactionIds, today),
    200,
  );
};
