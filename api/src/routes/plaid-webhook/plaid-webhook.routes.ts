import { createRoute } from "@hono/zod-openapi";
import { WebhookAckSchema } from "@tandem/shared";
import { jsonContent, problems } from "../../lib/openapi";
import { rateLimitedResponse } from "../../lib/rate-limits";

// No request schema on purpose: the signature is checked on the raw bytes before the
// body is parsed, so an unsigned request is refused (401) before anything reads it.
export const receiveWebhook = createRoute({
  method: "post",
  path: "/",
  tags: ["Banks (Plaid)"],
  summary: "Plaid's webhooks, verified by the Plaid-Verification header (ES256 JWT)",
  description:
    "Accepts only webhooks whose `Plaid-Verification` JWT verifies against Plaid's key for its kid, is at most 5 minutes old, and carries the SHA-256 of the exact body. SYNC_UPDATES_AVAILABLE queues a sync; ITEM webhooks update the bank's status.",
  responses: {
    200: jsonContent(WebhookAckSchema, "Verified and accepted"),
    ...problems(400, 401, 413, 503),
    ...rateLimitedResponse(),
  },
});
