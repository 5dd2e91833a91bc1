import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isContinuation } from "./cursor";
import { isIsoDate } from "./dates";
import { errors, PlaidApiError } from "./errors";
import type { FaultRegistry } from "./faults";
import { MAX_HISTORY_DAYS } from "./generator";
import { linkToken, requestId } from "./ids";
import { checkRedirectUri } from "./oauth";
import { COUNTRY_CODES, PRODUCTS } from "./products";
import {
  type JsonObject,
  optionalBoolean,
  optionalInteger,
  optionalObject,
  optionalString,
  readJsonObject,
  requireFields,
  stringArray,
  stringField,
  validUrl,
} from "./request";
import type { KeyRing } from "./signing";
import type { EmulatorState, ItemState } from "./state";
import { DEFAULT_SYNC_COUNT, MAX_SYNC_COUNT, syncPage } from "./sync";
import { payloads, type WebhookPayload } from "./webhooks";

/** The Plaid API surface: POST + JSON, credentials in the body or the PLAID-CLIENT-ID / PLAID-SECRET headers. */

export interface Credentials {
  clientId: string;
  secret: string;
}

interface RouteDeps {
  state: EmulatorState;
  faults: FaultRegistry;
  keys: KeyRing;
  credentials: Credentials;
}

interface Call {
  body: JsonObject;
  item: ItemState;
}

type Handler<I extends boolean> = (call: I extends true ? Call : Omit<Call, "item">) => object | Promise<object>;

interface EndpointOptions<I extends boolean> {
  /** Resolves `access_token` to an Item (INVALID_ACCESS_TOKEN if unknown). */
  item: I;
  /** Reads the Item's data, so it fails while the Item needs a new login. */
  data?: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function registerPlaidRoutes(app: Hono, deps: RouteDeps): void {
  const { state, faults, keys, credentials } = deps;

  function authenticate(c: Context, body: JsonObject): void {
    const clientId = typeof body.client_id === "string" ? body.client_id : c.req.header("plaid-client-id");
    const secret = typeof body.secret === "string" ? body.secret : c.req.header("plaid-secret");
    const missing = [!clientId && "client_id", !secret && "secret"].filter((f): f is string => Boolean(f));
    if (missing.length > 0) throw errors.missingFields(missing);
    if (clientId !== credentials.clientId || secret !== credentials.secret) throw errors.invalidApiKeys();
  }

  async function injectFaults(path: string, body: JsonObject, item: ItemState | undefined): Promise<void> {
    const call = { endpoint: path, itemId: item?.itemId ?? null, continuation: isContinuation(body.cursor) };
    const delay = faults.takeDelay(call);
    if (delay > 0) await sleep(delay);
    const fault = faults.takeError(call);
    if (!fault) return;
    switch (fault.kind) {
      case "RATE_LIMIT_EXCEEDED":
        throw errors.rateLimit(path, fault.error_code ?? undefined);
      case "INTERNAL_SERVER_ERROR":
        throw errors.internal();
      case "ITEM_LOGIN_REQUIRED":
        throw errors.itemLoginRequired();
      case "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION":
        // Change the data for real, so restarting the update from its first cursor sees it.
        if (item) state.mutate(item);
        throw errors.mutationDuringPagination();
    }
  }

  function endpoint<I extends boolean>(path: string, options: EndpointOptions<I>, handler: Handler<I>): void {
    app.post(path, async (c) => {
      const request_id = requestId();
      try {
        const body = await readJsonObject(c);
        authenticate(c, body);
        const item = options.item ? state.itemForAccessToken(stringField(body, "access_token")) : undefined;
        await injectFaults(path, body, item);
        if (options.data && item?.error) throw errors.itemLoginRequired();
        const result = await (handler as Handler<boolean>)({ body, item: item! });
        return c.json({ ...result, request_id });
      } catch (error) {
        const failure = error instanceof PlaidApiError ? error : errors.internal();
        if (!(error instanceof PlaidApiError)) console.error("plaid emulator: unexpected error", error);
        return c.json({ ...failure.body, request_id }, failure.status as ContentfulStatusCode);
      }
    });
  }

  function products(body: JsonObject, field: string): string[] {
    const list = stringArray(body, field);
    if (list.length === 0) throw errors.invalidField(`${field} must not be empty`);
    for (const product of list) if (!PRODUCTS.has(product)) throw errors.invalidProduct(product);
    return list;
  }

  endpoint("/link/token/create", { item: false }, ({ body }) => {
    requireFields(body, ["client_name", "language", "country_codes", "user"]);
    stringField(body, "client_name");
    stringField(body, "language");
    const countries = stringArray(body, "country_codes");
    if (countries.length === 0 || countries.some((code) => !COUNTRY_CODES.has(code))) {
      throw errors.invalidField("country_codes must contain valid country codes");
    }
    const user = optionalObject(body, "user");
    if (!user || typeof user.client_user_id !== "string" || user.client_user_id === "") {
      throw errors.missingFields(["user.client_user_id"]);
    }
    const webhook = optionalString(body, "webhook");
    if (webhook) validUrl(webhook, "webhook");
    const redirectUri = optionalString(body, "redirect_uri");
    if (redirectUri !== undefined) checkRedirectUri(redirectUri, state.allowedRedirectUris);
    const updateToken = optionalString(body, "access_token");
    // Update mode (access_token given) repairs an existing Item; products are then optional.
    const item = updateToken ? state.itemForAccessToken(updateToken) : undefined;
    const requested = item && body.products === undefined ? item.products : products(body, "products");
    const info = state.createLinkToken({
      linkToken: linkToken(),
      products: requested,
      webhook: webhook ?? item?.webhook ?? null,
      itemId: item?.itemId ?? null,
      redirectUri: redirectUri ?? null,
    });
    return { link_token: info.linkToken, expiration: new Date(info.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z") };
  });

  endpoint("/sandbox/public_token/create", { item: false }, ({ body }) => {
    requireFields(body, ["institution_id", "initial_products"]);
    const institutionId = stringField(body, "institution_id");
    if (!/^ins_\d+$/.test(institutionId)) throw errors.invalidInstitution();
    const initialProducts = products(body, "initial_products");
    const options = optionalObject(body, "options") ?? {};
    const webhook = optionalString(options, "webhook", "options.webhook");
    if (webhook) validUrl(webhook, "options.webhook");
    const transactions = optionalObject(options, "transactions", "options.transactions") ?? {};
    const days = optionalInteger(
      transactions,
      "days_requested",
      { min: 1, max: MAX_HISTORY_DAYS },
      "options.transactions.days_requested",
    );
    const item = state.createItem({ institutionId, products: initialProducts, webhook: webhook ?? null, days });
    return { public_token: state.issuePublicToken(item) };
  });

  endpoint("/item/public_token/exchange", { item: false }, ({ body }) => {
    const { item, accessToken } = state.exchangePublicToken(stringField(body, "public_token"));
    return { access_token: accessToken, item_id: item.itemId };
  });

  function accountIdsOption(body: JsonObject): string[] | undefined {
    const options = optionalObject(body, "options");
    if (!options || options.account_ids === undefined) return undefined;
    return stringArray(options, "account_ids", "options.account_ids");
  }

  endpoint("/accounts/get", { item: true, data: true }, ({ body, item }) => ({
    accounts: state.accountsJson(item, accountIdsOption(body)),
    item: state.itemJson(item),
  }));

  endpoint("/accounts/balance/get", { item: true, data: true }, ({ body, item }) => ({
    accounts: state.accountsJson(item, accountIdsOption(body)),
    item: state.itemJson(item),
  }));

  endpoint("/item/get", { item: true }, ({ item }) => ({
    item: state.itemJson(item),
    status: {
      investments: null,
      transactions: { last_successful_update: item.lastSuccessfulUpdate, last_failed_update: item.lastFailedUpdate },
      last_webhook: item.lastWebhook ? { ...item.lastWebhook } : null,
    },
  }));

  endpoint("/item/remove", { item: true }, ({ item }) => {
    state.removeItem(item);
    return {};
  });

  endpoint("/item/webhook/update", { item: true }, ({ body, item }) => {
    const webhook = optionalString(body, "webhook");
    if (webhook) validUrl(webhook, "webhook");
    item.webhook = webhook ?? null;
    if (webhook) state.notify(item, payloads.webhookUpdateAcknowledged(item.itemId, webhook));
    return { item: state.itemJson(item) };
  });

  endpoint("/transactions/sync", { item: true, data: true }, ({ body, item }) => {
    const cursor = optionalString(body, "cursor");
    const count = optionalInteger(body, "count", { min: 1, max: MAX_SYNC_COUNT }) ?? DEFAULT_SYNC_COUNT;
    const options = optionalObject(body, "options") ?? {};
    const includeOriginalDescription =
      optionalBoolean(options, "include_original_description", "options.include_original_description") ?? false;
    const accountId = optionalString(options, "account_id", "options.account_id") ?? null;
    if (accountId !== null && !item.accounts.some((a) => a.accountId === accountId)) throw errors.invalidAccountId();
    item.syncCalled = true;
    const page = syncPage(item.ledger, item.itemId, { cursor, count, accountId }, { includeOriginalDescription });
    return {
      accounts: state.accountsJson(item, accountId ? [accountId] : undefined),
      added: page.added,
      modified: page.modified,
      removed: page.removed,
      next_cursor: page.next_cursor,
      has_more: page.has_more,
      transactions_update_status: "HISTORICAL_UPDATE_COMPLETE",
    };
  });

  endpoint("/webhook_verification_key/get", { item: false }, ({ body }) => {
    const key = keys.find(stringField(body, "key_id"));
    if (!key) throw errors.invalidWebhookKeyId();
    return { key };
  });

  endpoint("/sandbox/item/fire_webhook", { item: true }, ({ body, item }) => {
    const code = stringField(body, "webhook_code");
    const type = optionalString(body, "webhook_type");
    if (!item.webhook) throw errors.sandboxWebhookInvalid();
    const payload = sandboxWebhook(state, item, code);
    if (type && type !== payload.webhook_type) {
      throw errors.invalidField(`webhook_code ${code} is not valid for webhook_type ${type}`);
    }
    // LOGIN_REPAIRED means the Item is healthy again; keep the state consistent with what was announced.
    if (code === "LOGIN_REPAIRED") item.error = null;
    state.notify(item, payload);
    return { webhook_fired: true };
  });

  endpoint("/sandbox/item/reset_login", { item: true }, ({ item }) => {
    state.resetLogin(item);
    return { reset_login: true };
  });

  endpoint("/sandbox/transactions/create", { item: true }, ({ body, item }) => {
    const list = body.transactions;
    if (list === undefined || list === null) throw errors.missingFields(["transactions"]);
    if (!Array.isArray(list) || list.length === 0) throw errors.invalidField("transactions must be a non-empty array");
    const earliest = state.dayFromToday(-14);
    const today = state.today();
    const inputs = list.map((entry, index) => {
      const label = `transactions[${index}]`;
      if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
        throw errors.invalidField(`${label} must be an object`);
      }
      const t = entry as JsonObject;
      requireFields(t, ["date_transacted", "date_posted", "amount", "description"]);
      for (const field of ["date_transacted", "date_posted"] as const) {
        const value = t[field];
        if (!isIsoDate(value) || value < earliest || value > today) {
          throw errors.invalidField(`${label}.${field} must be a date within the last 14 days, not in the future`);
        }
      }
      if (typeof t.amount !== "number" || !Number.isFinite(t.amount)) {
        throw errors.invalidField(`${label}.amount must be a number`);
      }
      return {
        dateTransacted: t.date_transacted as string,
        datePosted: t.date_posted as string,
        amountCents: Math.round(t.amount * 100),
        description: stringField(t, "description", `${label}.description`),
        currency: optionalString(t, "iso_currency_code", `${label}.iso_currency_code`) ?? "USD",
      };
    });
    state.addCustomTransactions(item, inputs);
    return {};
  });

  app.notFound((c) => {
    if (c.req.path.startsWith("/__emulator")) return c.json({ error: "not found" }, 404);
    const failure = errors.notFound();
    return c.json({ ...failure.body, request_id: requestId() }, 404);
  });
}

function sandboxWebhook(state: EmulatorState, item: ItemState, code: string): WebhookPayload {
  const inAWeek = new Date(state.instant().getTime() + 7 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  switch (code) {
    case "SYNC_UPDATES_AVAILABLE":
      return payloads.syncUpdatesAvailable(item.itemId);
    case "DEFAULT_UPDATE":
      return payloads.defaultUpdate(item.itemId, 0);
    case "NEW_ACCOUNTS_AVAILABLE":
      return payloads.newAccountsAvailable(item.itemId);
    case "ERROR":
      return payloads.itemError(item.itemId, item.error ?? errors.itemLoginRequired().body);
    case "USER_PERMISSION_REVOKED":
      return payloads.userPermissionRevoked(item.itemId);
    case "LOGIN_REPAIRED":
      return payloads.loginRepaired(item.itemId);
    case "PENDING_EXPIRATION":
      return payloads.pendingExpiration(item.itemId, inAWeek);
    case "PENDING_DISCONNECT":
      return payloads.pendingDisconnect(item.itemId, inAWeek);
    default:
      throw errors.invalidField(`webhook_code ${code} is not supported`);
  }
}
