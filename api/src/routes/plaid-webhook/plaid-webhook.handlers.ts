import { log } from "../../lib/log";
import type { AppRouteHandler } from "../../lib/openapi";
import { ApiError } from "../../lib/problem";
import { verifyPlaidWebhook } from "../../plaid/webhook-verification";
import { handlePlaidWebhook, type PlaidWebhookBody } from "../../plaid/webhooks";
import type * as routes from "./plaid-webhook.routes";

export const receiveWebhook: AppRouteHandler<typeof routes.receiveWebhook> = async (c) => {
  // A sync that starts after this moment sees what the webhook announces (see the sync queue).
  const receivedAt = performance.now();
  const { deps } = c.var;
  if (!deps.plaid) throw new ApiError(503, "plaid_not_configured", "Bank linking is not configured on this server");
  const raw = await c.req.text();
  const verification = await verifyPlaidWebhook(c.req.header("plaid-verification"), raw, deps.plaid.keys, deps.now());
  if (!verification.ok) {
    log("warn", "plaid webhook refused", { requestId: c.get("requestId"), reason: verification.reason });
    throw new ApiError(401, "webhook_unverified", "The webhook's Plaid-Verification could not be verified");
  }
  let body: PlaidWebhookBody;
  try {
    body = JSON.parse(raw) as PlaidWebhookBody;
  } catch {
    throw new ApiError(400, "malformed_json", "The webhook body is not valid JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ApiError(400, "malformed_webhook", "The webhook body is not a JSON object");
  }
  await handlePlaidWebhook(deps.db, deps.plaid, body, deps.now(), receivedAt);
  return c.json({ received: true as const }, 200);
};
