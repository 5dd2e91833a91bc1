import { describeMe, findMember, deleteMe as removeMember, updateMe } from "../../auth/members";
import type { AppRouteHandler } from "../../lib/openapi";
import { memberOf } from "../../middleware/authenticate";
import type * as routes from "./me.routes";

export const getMe: AppRouteHandler<typeof routes.getMe> = async (c) => {
  const { userId, householdId } = memberOf(c.var.principal);
  const user = await findMember(c.var.deps.db, userId, householdId);
  return c.json(await describeMe(c.var.deps.db, user), 200);
};

export const patchMe: AppRouteHandler<typeof routes.patchMe> = async (c) => {
  const { userId, householdId, sessionId } = memberOf(c.var.principal);
  const deps = c.var.deps;
  const user = await updateMe(deps, await findMember(deps.db, userId, householdId), sessionId, c.req.valid("json"));
  return c.json(await describeMe(deps.db, user), 200);
};

export const deleteMe: AppRouteHandler<typeof routes.deleteMe> = async (c) => {
  const { userId, householdId } = memberOf(c.var.principal);
  const deps = c.var.deps;
  await removeMember(deps, await findMember(deps.db, userId, householdId), c.req.valid("json").password);
  return c.body(null, 204);
};
