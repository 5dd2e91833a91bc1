import * as ledger from "../../ledger/categories";
import type { AppRouteHandler } from "../../lib/openapi";
import type * as routes from "./categories.routes";

export const listCategories: AppRouteHandler<typeof routes.listCategories> = async (c) => {
  return c.json({ items: await ledger.listCategories(c.var.deps.db, c.var.principal.householdId) }, 200);
};

export const getCategory: AppRouteHandler<typeof routes.getCategory> = async (c) => {
  const row = await ledger.findCategory(c.var.deps.db, c.var.principal.householdId, c.req.valid("param").id);
  return c.json(ledger.toCategory(row), 200);
};

export const createCategory: AppRouteHandler<typeof routes.createCategory> = async (c) => {
  return c.json(await ledger.createCategory(c.var.deps.db, c.var.principal.householdId, c.req.valid("json")), 201);
};

export const updateCategory: AppRouteHandler<typeof routes.updateCategory> = async (c) => {
  const { householdId } = c.var.principal;
  return c.json(
    await ledger.updateCategory(c.var.deps.db, householdId, c.req.valid("param").id, c.req.valid("json")),
    200,
  );
};

export const deleteCategory: AppRouteHandler<typeof routes.deleteCategory> = async (c) => {
  const { householdId } = c.var.principal;
  await ledger.deleteCategory(c.var.deps.db, householdId, c.req.valid("param").id, c.req.valid("query").reassignTo);
  return c.body(null, 204);
};
