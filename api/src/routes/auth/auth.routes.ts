import { createRoute } from "@hono/zod-openapi";
import { JoinBodySchema, LoginBodySchema, RefreshBodySchema, RegisterBodySchema, SessionSchema } from "@tandem/shared";
import { jsonBody, jsonContent, problems } from "../../lib/openapi";
import { rateLimitedResponse } from "../../lib/rate-limits";

const tags = ["Auth"];

export const register = createRoute({
  method: "post",
  path: "/register",
  tags,
  summary: "Create a household and its first member",
  request: jsonBody(RegisterBodySchema),
  responses: {
    201: jsonContent(SessionSchema, "Signed in as the new member"),
    ...problems(400, 409, 422),
    ...rateLimitedResponse(),
  },
});

export const join = createRoute({
  method: "post",
  path: "/join",
  tags,
  summary: "Join a household with a single-use invite",
  request: jsonBody(JoinBodySchema),
  responses: {
    201: jsonContent(SessionSchema, "Signed in as the second member"),
    ...problems(400, 409, 422),
    ...rateLimitedResponse(),
  },
});

export const login = createRoute({
  method: "post",
  path: "/login",
  tags,
  summary: "Sign in with email and password",
  request: jsonBody(LoginBodySchema),
  responses: { 200: jsonContent(SessionSchema, "Signed in"), ...problems(400, 401, 422), ...rateLimitedResponse() },
});

export const refresh = createRoute({
  method: "post",
  path: "/refresh",
  tags,
  summary: "Exchange a refresh token for a new session (the old token is spent)",
  request: jsonBody(RefreshBodySchema),
  responses: { 200: jsonContent(SessionSchema, "A new session"), ...problems(400, 401, 422), ...rateLimitedResponse() },
});

export const logout = createRoute({
  method: "post",
  path: "/logout",
  tags,
  summary: "Revoke the session family of a refresh token",
  request: jsonBody(RefreshBodySchema),
  responses: { 204: { description: "Signed out (also when already signed out)" }, ...problems(400, 422) },
});
