import * as reports from "../../analytics/queries";
import type { AppRouteHandler } from "../../lib/openapi";
import type { AppEnv } from "../../lib/types";
import type * as routes from "./analytics.routes";

type Vars = AppEnv["Variables"];
const scope = (v: Vars, q: Parameters<typeof reports.resolveScope>[1]) =>
  reports.resolveScope(v.principal.householdId, q, v.deps.now());

export const spendingByCategory: AppRouteHandler<typeof routes.spendingByCategory> = async (c) =>
  c.json(await reports.spendingByCategory(c.var.deps.db, scope(c.var, c.req.valid("query"))), 200);

export const incomeExpense: AppRouteHandler<typeof routes.incomeExpense> = async (c) =>
  c.json(await reports.incomeExpense(c.var.deps.db, scope(c.var, c.req.valid("query"))), 200);

export const trends: AppRouteHandler<typeof routes.trends> = async (c) =>
  c.json(await reports.trends(c.var.deps.db, scope(c.var, c.req.valid("query"))), 200);

export const topMerchants: AppRouteHandler<typeof routes.topMerchants> = async (c) => {
  const q = c.req.valid("query");
  return c.json(await reports.topMerchants(c.var.deps.db, scope(c.var, q), q), 200);
};

export const balances: AppRouteHandler<typeof routes.balances> = async (c) =>
  c.json(await reports.balances(c.var.deps.db, scope(c.var, c.req.valid("query"))), 200);

export const netWorth: AppRouteHandler<typeof routes.netWorth> = async (c) =>
  c.json(await reports.netWorth(c.var.deps.db, scope(c.var, c.req.valid("query"))), 200);

export const savingsRate: AppRouteHandler<typeof routes.savingsRate> = async (c) =>
  c.json(await reports.savingsRate(c.var.deps.db, scope(c.var, c.req.valid("query"))), 200);
