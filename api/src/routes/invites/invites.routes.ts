import { createRoute } from "@hono/zod-openapi";
import { InviteSchema } from "@tandem/shared";
import { bearerAuth, jsonContent, problems } from "../../lib/openapi";
import { rateLimitedResponse } from "../../lib/rate-limits";

export const createInvite = createRoute({
  method: "post",
  path: "/",
  tags: ["Auth"],
  security: bearerAuth,
  summary: "Invite the second member (replaces any earlier unused invite)",
  responses: {
    201: jsonContent(InviteSchema, "The invite, shown once"),
    ...problems(401, 403, 409),
    ...rateLimitedResponse(),
  },
});
