import { createRoute } from "@hono/zod-openapi";
import {
  IdParamsSchema,
  ListNotificationsQuerySchema,
  MarkNotificationsReadBodySchema,
  MarkNotificationsReadResultSchema,
  NotificationPageSchema,
  NotificationPreferencesSchema,
  NotificationSchema,
  UnreadCountSchema,
  UpdateNotificationPreferencesBodySchema,
} from "@tandem/shared";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";

const tags = ["Notifications"];

export const listNotifications = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Your notifications, newest first (keyset cursor; members only)",
  request: { query: ListNotificationsQuerySchema },
  responses: { 200: jsonContent(NotificationPageSchema, "A page of your feed"), ...problems(400, 401, 403, 422) },
});

export const unreadCount = createRoute({
  method: "get",
  path: "/unread-count",
  tags,
  security: bearerAuth,
  summary: "How many of your notifications are unread",
  responses: { 200: jsonContent(UnreadCountSchema, "Your unread count"), ...problems(401, 403) },
});

export const markRead = createRoute({
  method: "post",
  path: "/{id}/read",
  tags,
  security: bearerAuth,
  summary: "Mark one of your notifications read (again is harmless)",
  request: { params: IdParamsSchema },
  responses: { 200: jsonContent(NotificationSchema, "The notification, read"), ...problems(401, 403, 404, 422) },
});

export const markManyRead = createRoute({
  method: "post",
  path: "/read",
  tags,
  security: bearerAuth,
  summary: "Mark several, or all, of your notifications read",
  request: jsonBody(MarkNotificationsReadBodySchema),
  responses: {
    200: jsonContent(MarkNotificationsReadResultSchema, "How many were marked, and your unread count now"),
    ...problems(400, 401, 403, 422),
  },
});

export const getPreferences = createRoute({
  method: "get",
  path: "/preferences",
  tags,
  security: bearerAuth,
  summary: "What you are notified of, per topic (defaults filled in)",
  responses: { 200: jsonContent(NotificationPreferencesSchema, "Your preferences"), ...problems(401, 403) },
});

export const updatePreferences = createRoute({
  method: "put",
  path: "/preferences",
  tags,
  security: bearerAuth,
  summary: "Change some topics' mode (on, quiet, off) or the large-transaction threshold",
  request: jsonBody(UpdateNotificationPreferencesBodySchema),
  responses: {
    200: jsonContent(NotificationPreferencesSchema, "Your preferences now"),
    ...problems(400, 401, 403, 422),
  },
});
