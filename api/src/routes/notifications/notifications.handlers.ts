import type { AppRouteHandler } from "../../lib/openapi";
import { memberOf } from "../../middleware/authenticate";
import * as feed from "../../notifications/feed";
import * as preferences from "../../notifications/preferences";
import type * as routes from "./notifications.routes";

// Every handler reads the member's own copy: authenticate({ allowApiKeys: false }) makes one.
type Context = Parameters<AppRouteHandler<typeof routes.unreadCount>>[0];
const reader = (c: Context) => {
  const { householdId, userId } = memberOf(c.var.principal);
  return { householdId, userId };
};

export const listNotifications: AppRouteHandler<typeof routes.listNotifications> = async (c) =>
  c.json(await feed.listNotifications(c.var.deps.db, reader(c), c.req.valid("query")), 200);

export const unreadCount: AppRouteHandler<typeof routes.unreadCount> = async (c) =>
  c.json({ unread: await feed.unreadCount(c.var.deps.db, reader(c)) }, 200);

export const markRead: AppRouteHandler<typeof routes.markRead> = async (c) =>
  c.json(await feed.markRead(c.var.deps.db, reader(c), c.req.valid("param").id), 200);

export const markManyRead: AppRouteHandler<typeof routes.markManyRead> = async (c) =>
  c.json(await feed.markManyRead(c.var.deps.db, reader(c), c.req.valid("json")), 200);

export const getPreferences: AppRouteHandler<typeof routes.getPreferences> = async (c) =>
  c.json(await preferences.getPreferences(c.var.deps.db, reader(c)), 200);

export const updatePreferences: AppRouteHandler<typeof routes.updatePreferences> = async (c) =>
  c.json(await preferences.updatePreferences(c.var.deps.db, reader(c), c.req.valid("json")), 200);
