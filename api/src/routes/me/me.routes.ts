import { createRoute } from "@hono/zod-openapi";
import { DeleteMeBodySchema, MeSchema, UpdateMeBodySchema } from "@tandem/shared";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";

const tags = ["Me"];

export const getMe = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "The signed-in member and their household",
  responses: { 200: jsonContent(MeSchema, "You"), ...problems(401, 403) },
});

export const patchMe = createRoute({
  method: "patch",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Change your name, email or password",
  request: jsonBody(UpdateMeBodySchema),
  responses: { 200: jsonContent(MeSchema, "Updated"), ...problems(400, 401, 403, 409, 422) },
});

export const deleteMe = createRoute({
  method: "delete",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Leave the household (the last member leaving deletes it)",
  request: jsonBody(DeleteMeBodySchema),
  responses: { 204: { description: "Deleted" }, ...problems(400, 401, 403, 422) },
});
