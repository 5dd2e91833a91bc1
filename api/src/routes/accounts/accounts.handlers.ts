import * as ledger from "../../ledger/accounts";
import type { AppRouteHandler } from "../../lib/openapi";
import type * as routes from "./accounts.routes";

export const listAccounts: AppRouteHandler<typeof routes.listAccounts> = async (c) => {
  return c.json({ items: await ledger.listAccounts(c.var.deps.db, c.var.principal.householdId) }, 200);
};

export const getAccount: AppRouteHandler<typeof routes.getAccount> = async (c) => {
  return c.json(await ledger.getAccount(c.var.deps.db, c.var.principal.householdId, c.req.valid("param").id), 200);
};

export const createAccount: AppRouteHandler<typeof routes.createAccount> = async (c) => {
  return c.json(await ledger.createAccount(c.var.deps.db, c.var.principal.householdId, c.req.valid("json")), 201);
};

export const updateAccount: AppRouteHandler<typeof routes.updateAccount> = async (c) => {
  const { householdId } = c.var.principal;
  return c.json(
    await ledger.updateAccount(c.var.deps.db, householdId, c.req.valid("param").id, c.req.valid("json")),
    200,
  );
};

export const deleteAccount: AppRouteHandler<typeof routes.deleteAccount> = async (c) => {
  await ledger.deleteAccount(c.var.deps.db, c.var.principal.householdId, c.req.valid("param").id);
  return c.body(null, 204);
};
