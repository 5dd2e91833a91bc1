import { bodyLimit } from "hono/body-limit";
import { problem } from "../../lib/problem";
import { createRouter } from "../../lib/router";
import * as handlers from "./plaid-webhook.handlers";
import * as routes from "./plaid-webhook.routes";

// Plaid's webhooks are a few hundred bytes; anything near this is not from Plaid.
const MAX_WEBHOOK_BYTES = 64 * 1024;

const router = createRouter();
router.use(
  bodyLimit({
    maxSize: MAX_WEBHOOK_BYTES,
    onError: (c) => problem(c, 413, "payload_too_large", `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes`),
  }),
);

export const plaidWebhookRouter = router.openapi(routes.receiveWebhook, handlers.receiveWebhook);
