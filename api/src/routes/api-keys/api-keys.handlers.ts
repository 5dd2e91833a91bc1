import * as keys from "../../auth/api-keys";
import type { AppRouteHandler } from "../../lib/openapi";
import { memberOf } from "../../middleware/authenticate";
import type * as routes from "./api-keys.routes";

export const listApiKeys: AppRouteHandler<typeof routes.listApiKeys> = async (c) => {
  const { householdId } = memberOf(c.var.principal);
  return c.json({ items: await keys.listApiKeys(c.var.deps.db, householdId) }, 200);
};

export const createApiKey: AppRouteHandler<typeof routes.createApiKey> = async (c) => {
  const { householdId, userId } = memberOf(c.var.principal);
  return c.json(await keys.createApiKey(c.var.deps.db, householdId, userId, c.req.valid("json").name), 201);
};

export const revokeApiKey: AppRouteHandler<typeof routes.revokeApiKey> = async (c) => {
  const { householdId } = memberOf(c.var.principal);
  await keys.revokeApiKey(c.var.deps.db, householdId, c.req.valid("param").id, c.var.deps.now());
  return c.body(null, 204);
};
