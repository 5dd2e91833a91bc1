import { Configuration, PlaidApi, PlaidEnvironments } from "plaid";

export interface PlaidClientConfig {
  clientId: string;
  secret: string;
  env: "sandbox" | "production";
  baseUrl?: string | undefined;
}

/** The official SDK, pointed at Plaid or at any Plaid-compatible server. */
export function createPlaidClient({ clientId, secret, env, baseUrl }: PlaidClientConfig): PlaidApi {
  // The SDK joins paths onto basePath; a trailing slash makes "//link/token/create".
  const basePath = (baseUrl ?? PlaidEnvironments[env]!).replace(/\/+$/, "");
  return new PlaidApi(
    new Configuration({
      basePath,
      baseOptions: { headers: { "PLAID-CLIENT-ID": clientId, "PLAID-SECRET": secret }, timeout: 30_000 },
    }),
  );
}

export interface PlaidFailure {
  status: number | null;
  errorType: string;
  errorCode: string;
  message: string;
  requestId: string | null;
}

/**
 * The only view of an SDK error we keep. The error object itself carries the request
 * config, secret included, so it never reaches a log line or a response.
 */
export function describePlaidError(error: unknown): PlaidFailure {
  const response = (error as { response?: { status?: number; data?: Record<string, unknown> } })?.response;
  const data = response?.data ?? {};
  const text = (key: string) => (typeof data[key] === "string" ? (data[key] as string) : null);
  const network = (error as { code?: string })?.code;
  return {
    status: response?.status ?? null,
    errorType: text("error_type") ?? (response ? "API_ERROR" : "NETWORK_ERROR"),
    errorCode: text("error_code") ?? (response ? `HTTP_${response.status}` : (network ?? "NETWORK_ERROR")),
    message: text("error_message") ?? (response ? "Plaid returned an error" : "Plaid could not be reached"),
    requestId: text("request_id"),
  };
}

/** 429 and 5xx (and network failures) are worth retrying; a 400 will fail the same way again. */
export function isRetryable(failure: PlaidFailure): boolean {
  return failure.status === null || failure.status === 429 || failure.status >= 500;
}
