import { toIsoDate } from "@tandem/shared";
import * as store from "../../budgets/budgets";
import { computeBudgetStatuses, raiseBudgetAlerts } from "../../budgets/status";
import type { AppRouteHandler } from "../../lib/openapi";
import type * as routes from "./budgets.routes";

export const listBudgets: AppRouteHandler<typeof routes.listBudgets> = async (c) => {
  const rows = await store.listBudgetRows(c.var.deps.db, c.var.principal.householdId);
  return c.json({ items: rows.map(store.toBudget) }, 200);
};

export const budgetStatus: AppRouteHandler<typeof routes.budgetStatus> = async (c) => {
  const { deps, principal } = c.var;
  const query = c.req.valid("query");
  const today = toIsoDate(deps.now());
  const date = query.date ?? (query.period ? lastDayOrToday(query.period, today) : today);
  const items = await computeBudgetStatuses(deps.db, principal.householdId, date);
  // A read-only key may look; the alerts it makes due are the household's all the same.
  await raiseBudgetAlerts(deps.db, principal.householdId, items);
  return c.json({ date, items }, 200);
};

export const getBudget: AppRouteHandler<typeof routes.getBudget> = async (c) => {
  const row = await store.findBudgetRow(c.var.deps.db, c.var.principal.householdId, c.req.valid("param").id);
  return c.json(store.toBudget(row), 200);
};

export const createBudget: AppRouteHandler<typeof routes.createBudget> = async (c) => {
  return c.json(await store.createBudget(c.var.deps.db, c.var.principal.householdId, c.req.valid("json")), 201);
};

export const updateBudget: AppRouteHandler<typeof routes.updateBudget> = async (c) => {
  const { deps, principal } = c.var;
  return c.json(
    await store.updateBudget(deps.db, principal.householdId, c.req.valid("param").id, c.req.valid("json")),
    200,
  );
};

export const deleteBudget: AppRouteHandler<typeof routes.deleteBudget> = async (c) => {
  await store.deleteBudget(c.var.deps.db, c.var.principal.householdId, c.req.valid("param").id);
  return c.body(null, 204);
};

/** A past month is reported as it ended; the current month as it stands today. */
function lastDayOrToday(month: string, today: string): string {
  if (today.startsWith(month)) return today;
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  return toIsoDate(new Date(Date.UTC(year, monthNumber, 0)));
}
