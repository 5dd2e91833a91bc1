import { createRoute, z } from "@hono/zod-openapi";
import { ApiKeySchema, CreateApiKeyBodySchema, CreatedApiKeySchema, IdParamsSchema } from "@tandem/shared";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";

const tags = ["API keys"];

export const listApiKeys = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "The household's read-only API keys (never the keys themselves)",
  responses: { 200: jsonContent(z.object({ items: z.array(ApiKeySchema) }), "Keys"), ...problems(401, 403) },
});

export const createApiKey = createRoute({
  method: "post",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Create a read-only API key for data loaders",
  request: jsonBody(CreateApiKeyBodySchema),
  responses: { 201: jsonContent(CreatedApiKeySchema, "The key, shown once"), ...problems(400, 401, 403, 422) },
});

export const revokeApiKey = createRoute({
  method: "delete",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Revoke an API key",
  request: { params: IdParamsSchema },
  responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404, 422) },
});
