import { authenticatePassword, joinHousehold, registerHousehold } from "../../auth/members";
import { issueSession, logout as revokeSession, rotateRefreshToken } from "../../auth/sessions";
import type { AppRouteHandler } from "../../lib/openapi";
import type * as routes from "./auth.routes";

export const register: AppRouteHandler<typeof routes.register> = async (c) => {
  const deps = c.var.deps;
  const user = await registerHousehold(deps, c.req.valid("json"));
  return c.json(await issueSession(deps, deps.db, user), 201);
};

export const join: AppRouteHandler<typeof routes.join> = async (c) => {
  const deps = c.var.deps;
  const user = await joinHousehold(deps, c.req.valid("json"));
  return c.json(await issueSession(deps, deps.db, user), 201);
};

export const login: AppRouteHandler<typeof routes.login> = async (c) => {
  const deps = c.var.deps;
  const { email, password } = c.req.valid("json");
  const user = await authenticatePassword(deps, email, password);
  return c.json(await issueSession(deps, deps.db, user), 200);
};

export const refresh: AppRouteHandler<typeof routes.refresh> = async (c) => {
  return c.json(await rotateRefreshToken(c.var.deps, c.req.valid("json").refreshToken), 200);
};

export const logout: AppRouteHandler<typeof routes.logout> = async (c) => {
  await revokeSession(c.var.deps, c.req.valid("json").refreshToken);
  return c.body(null, 204);
};
