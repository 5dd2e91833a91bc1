import { createInvite as issueInvite } from "../../auth/invites";
import type { AppRouteHandler } from "../../lib/openapi";
import { memberOf } from "../../middleware/authenticate";
import type * as routes from "./invites.routes";

export const createInvite: AppRouteHandler<typeof routes.createInvite> = async (c) => {
  const { householdId, userId } = memberOf(c.var.principal);
  return c.json(await issueInvite(c.var.deps, householdId, userId), 201);
};
