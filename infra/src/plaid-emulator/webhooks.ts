import { type PlaidErrorBody, userPermissionRevokedBody } from "./errors";
import type { KeyRing } from "./signing";

/** Webhook bodies as Plaid documents them (plaid.com/docs/api/items/#webhooks, …/transactions/#webhooks). */

export type WebhookPayload = { webhook_type: string; webhook_code: string; item_id: string } & Record<string, unknown>;

const ENVIRONMENT = "sandbox";

function errorForWebhook(error: PlaidErrorBody): PlaidErrorBody {
  // Webhook errors carry the HTTP status and no request_id.
  const { request_id: _omit, ...rest } = error;
  return { ...rest, status: 400 };
}

export const payloads = {
  syncUpdatesAvailable: (itemId: string): WebhookPayload => ({
    webhook_type: "TRANSACTIONS",
    webhook_code: "SYNC_UPDATES_AVAILABLE",
    item_id: itemId,
    initial_update_complete: true,
    historical_update_complete: true,
    environment: ENVIRONMENT,
  }),
  defaultUpdate: (itemId: string, newTransactions: number): WebhookPayload => ({
    webhook_type: "TRANSACTIONS",
    webhook_code: "DEFAULT_UPDATE",
    item_id: itemId,
    error: null,
    new_transactions: newTransactions,
    environment: ENVIRONMENT,
  }),
  itemError: (itemId: string, error: PlaidErrorBody): WebhookPayload => ({
    webhook_type: "ITEM",
    webhook_code: "ERROR",
    item_id: itemId,
    error: errorForWebhook(error),
    environment: ENVIRONMENT,
  }),
  pendingExpiration: (itemId: string, consentExpirationTime: string): WebhookPayload => ({
    webhook_type: "ITEM",
    webhook_code: "PENDING_EXPIRATION",
    item_id: itemId,
    consent_expiration_time: consentExpirationTime,
    environment: ENVIRONMENT,
  }),
  pendingDisconnect: (itemId: string, disconnectTime: string): WebhookPayload => ({
    webhook_type: "ITEM",
    webhook_code: "PENDING_DISCONNECT",
    item_id: itemId,
    reason: "INSTITUTION_TOKEN_EXPIRATION",
    disconnect_time: disconnectTime,
    environment: ENVIRONMENT,
  }),
  userPermissionRevoked: (itemId: string): WebhookPayload => ({
    webhook_type: "ITEM",
    webhook_code: "USER_PERMISSION_REVOKED",
    item_id: itemId,
    error: errorForWebhook(userPermissionRevokedBody()),
    environment: ENVIRONMENT,
  }),
  loginRepaired: (itemId: string): WebhookPayload => ({
    webhook_type: "ITEM",
    webhook_code: "LOGIN_REPAIRED",
    item_id: itemId,
    environment: ENVIRONMENT,
  }),
  newAccountsAvailable: (itemId: string): WebhookPayload => ({
    webhook_type: "ITEM",
    webhook_code: "NEW_ACCOUNTS_AVAILABLE",
    item_id: itemId,
    error: null,
    environment: ENVIRONMENT,
  }),
  webhookUpdateAcknowledged: (itemId: string, newWebhookUrl: string): WebhookPayload => ({
    webhook_type: "ITEM",
    webhook_code: "WEBHOOK_UPDATE_ACKNOWLEDGED",
    item_id: itemId,
    error: null,
    new_webhook_url: newWebhookUrl,
    environment: ENVIRONMENT,
  }),
};

export interface WebhookDelivery {
  id: number;
  item_id: string;
  url: string;
  webhook_type: string;
  webhook_code: string;
  /** The exact bytes sent, which is what request_body_sha256 covers. */
  body: string;
  verification: string;
  sent_at: string;
  /** HTTP status from the receiver; null until it answers or when it could not be reached. */
  status: number | null;
  error: string | null;
}

const KEEP_DELIVERIES = 1_000;
const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Sends signed webhooks without holding up the API call that caused them (Plaid delivers
 * asynchronously too). Not retried: a receiver that fails just shows up in the delivery log.
 */
export class WebhookDispatcher {
  private readonly sent: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private nextId = 1;

  constructor(private readonly keys: KeyRing) {}

  send(url: string, payload: WebhookPayload): Promise<WebhookDelivery> {
    const promise = this.deliver(url, payload);
    const tracked = promise.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return promise;
  }

  /** Resolves once every webhook sent so far has been answered or has failed. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  deliveries(filter: { itemId?: string } = {}): WebhookDelivery[] {
    return this.sent.filter((d) => !filter.itemId || d.item_id === filter.itemId).map((d) => ({ ...d }));
  }

  clear(): void {
    this.sent.length = 0;
  }

  private async deliver(url: string, payload: WebhookPayload): Promise<WebhookDelivery> {
    // Plaid sends pretty-printed JSON (2-space indent); hashing those exact bytes means a
    // receiver that re-serialises the parsed body instead of hashing the raw body fails, as it would in production.
    const body = JSON.stringify(payload, null, 2);
    const verification = await this.keys.sign(body);
    const delivery: WebhookDelivery = {
      id: this.nextId++,
      item_id: payload.item_id,
      url,
      webhook_type: payload.webhook_type,
      webhook_code: payload.webhook_code,
      body,
      verification,
      sent_at: new Date().toISOString(),
      status: null,
      error: null,
    };
    this.sent.push(delivery);
    if (this.sent.length > KEEP_DELIVERIES) this.sent.shift();
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "plaid-verification": verification },
        body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      delivery.status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    return { ...delivery };
  }
}
