/**
 * Plaid's error object and the errors the emulator returns, with the HTTP status, type,
 * code and message Plaid documents for each (plaid.com/docs/errors). Clients branch on
 * error_type / error_code, so those must match exactly; messages follow Plaid's wording.
 */

export interface PlaidErrorBody {
  display_message: string | null;
  documentation_url: string;
  error_code: string;
  error_code_reason: string | null;
  error_message: string;
  error_type: string;
  request_id?: string;
  suggested_action: string | null;
  /** Only in webhooks: the HTTP status the error would have had. */
  status?: number;
}

export class PlaidApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: PlaidErrorBody,
  ) {
    super(`${body.error_type}/${body.error_code}: ${body.error_message}`);
    this.name = "PlaidApiError";
  }
}

const DOC_PAGES: Record<string, string> = {
  API_ERROR: "api",
  INVALID_INPUT: "invalid-input",
  INVALID_REQUEST: "invalid-request",
  ITEM_ERROR: "item",
  RATE_LIMIT_EXCEEDED: "rate-limit-exceeded",
  SANDBOX_ERROR: "sandbox",
  TRANSACTIONS_ERROR: "transactions",
};

export function errorBody(
  errorType: string,
  errorCode: string,
  errorMessage: string,
  displayMessage: string | null = null,
): PlaidErrorBody {
  return {
    display_message: displayMessage,
    documentation_url: `https://plaid.com/docs/errors/${DOC_PAGES[errorType] ?? ""}/#${errorCode.toLowerCase()}`,
    error_code: errorCode,
    error_code_reason: null,
    error_message: errorMessage,
    error_type: errorType,
    suggested_action: null,
  };
}

function fail(status: number, errorType: string, errorCode: string, message: string, display: string | null = null) {
  return new PlaidApiError(status, errorBody(errorType, errorCode, message, display));
}

export const ITEM_LOGIN_REQUIRED_MESSAGE =
  "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state";

export function itemLoginRequiredBody(): PlaidErrorBody {
  return errorBody("ITEM_ERROR", "ITEM_LOGIN_REQUIRED", ITEM_LOGIN_REQUIRED_MESSAGE);
}

export function userPermissionRevokedBody(): PlaidErrorBody {
  return errorBody(
    "ITEM_ERROR",
    "USER_PERMISSION_REVOKED",
    "the holder of this account has revoked their permission for your application to access it",
    "The user has revoked their permission to share this account's data.",
  );
}

/** Plaid names the rate limit after the endpoint that was hit. */
const RATE_LIMIT_CODES: Record<string, string> = {
  "/transactions/sync": "TRANSACTIONS_SYNC_LIMIT",
  "/accounts/get": "ACCOUNTS_LIMIT",
  "/accounts/balance/get": "ACCOUNTS_BALANCE_GET_LIMIT",
};

export const errors = {
  invalidApiKeys: () => fail(400, "INVALID_INPUT", "INVALID_API_KEYS", "invalid client_id or secret provided"),
  missingFields: (fields: string[]) =>
    fail(400, "INVALID_REQUEST", "MISSING_FIELDS", `the following required fields are missing: ${fields.join(", ")}`),
  invalidField: (message: string) => fail(400, "INVALID_REQUEST", "INVALID_FIELD", message),
  invalidBody: () => fail(400, "INVALID_REQUEST", "INVALID_BODY", "body could not be parsed as JSON"),
  notFound: () => fail(404, "INVALID_REQUEST", "NOT_FOUND", "not found"),
  invalidAccessToken: () => fail(400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN", "could not find matching access token"),
  invalidPublicToken: () => fail(400, "INVALID_INPUT", "INVALID_PUBLIC_TOKEN", "could not find matching public token"),
  invalidInstitution: () => fail(400, "INVALID_INPUT", "INVALID_INSTITUTION", "invalid institution_id provided"),
  invalidProduct: (product: string) =>
    fail(400, "INVALID_INPUT", "INVALID_PRODUCT", `unknown or unsupported product provided: ${product}`),
  invalidAccountId: () =>
    fail(400, "INVALID_INPUT", "INVALID_ACCOUNT_ID", "one or more of the account IDs is invalid or does not exist"),
  invalidWebhookKeyId: () =>
    fail(400, "INVALID_INPUT", "INVALID_WEBHOOK_VERIFICATION_KEY_ID", "invalid key_id provided"),
  itemLoginRequired: () => new PlaidApiError(400, itemLoginRequiredBody()),
  rateLimit: (endpoint: string, code?: string) =>
    fail(
      429,
      "RATE_LIMIT_EXCEEDED",
      code ?? RATE_LIMIT_CODES[endpoint] ?? "RATE_LIMIT",
      "rate limit exceeded for attempts to access this item. please try again later",
    ),
  internal: () => fail(500, "API_ERROR", "INTERNAL_SERVER_ERROR", "an unexpected error occurred"),
  mutationDuringPagination: () =>
    fail(
      400,
      "TRANSACTIONS_ERROR",
      "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION",
      "Underlying transaction data changed since last page was fetched. Please restart pagination from last update.",
    ),
  /** Plaid's answer to a redirect_uri missing from the dashboard's "Allowed redirect URIs" (or blank). */
  redirectUriNotAllowed: () =>
    fail(
      400,
      "INVALID_REQUEST",
      "INVALID_FIELD",
      "OAuth redirect URI must be configured in the developer dashboard. See https://plaid.com/docs/#oauth-redirect-uris",
    ),
  sandboxWebhookInvalid: () =>
    fail(
      400,
      "SANDBOX_ERROR",
      "SANDBOX_WEBHOOK_INVALID",
      "Webhook for this item is either not set up, or invalid. Please update the item's webhook and try again.",
    ),
};

/** Errors Link itself reports to onExit (not API responses): a link token past its life, a bad OAuth return. */
export const linkErrors = {
  invalidLinkToken: () =>
    errorBody(
      "INVALID_INPUT",
      "INVALID_LINK_TOKEN",
      "invalid link_token provided",
      "Your session has expired. Please try again.",
    ),
  invalidOAuthState: () =>
    errorBody("INVALID_REQUEST", "INVALID_FIELD", "oauth uri does not contain a valid oauth_state_id query parameter."),
};
