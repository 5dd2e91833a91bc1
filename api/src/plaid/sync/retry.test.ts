import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { PlaidCallError, type RetryPolicy, withRetry } from "./retry";

const SECRET = "plaid-secret-do-not-log";
const ACCESS_TOKEN = "access-sandbox-0000-do-not-log";

/** What the SDK (axios) throws: the request config, secret and access token included. */
function sdkError(status: number | null, data: Record<string, unknown> = {}, code?: string) {
  const error = new Error(status ? `Request failed with status code ${status}` : "socket hang up") as Error &
    Record<string, unknown>;
  error.config = {
    headers: { "PLAID-CLIENT-ID": "client", "PLAID-SECRET": SECRET },
    data: JSON.stringify({ access_token: ACCESS_TOKEN }),
  };
  if (status) error.response = { status, data: { request_id: "req_1", ...data }, config: error.config };
  if (code) error.code = code;
  return error;
}

function policy(attempts = 4): RetryPolicy & { delays: number[] } {
  const delays: number[] = [];
  return {
    attempts,
    baseDelayMs: 10,
    maxDelayMs: 25,
    delays,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}

/** A call that fails with the given errors in turn, then answers "ok". */
function failing(...errors: Error[]) {
  return vi.fn(async () => {
    const next = errors.shift();
    if (next) throw next;
    return "ok";
  });
}

describe("withRetry", () => {
  it.each([
    [
      "429 RATE_LIMIT_EXCEEDED",
      sdkError(429, { error_type: "RATE_LIMIT_EXCEEDED", error_code: "RATE_LIMIT_EXCEEDED" }),
    ],
    ["500 INTERNAL_SERVER_ERROR", sdkError(500, { error_type: "API_ERROR", error_code: "INTERNAL_SERVER_ERROR" })],
    ["502 without a Plaid body", sdkError(502)],
    ["503", sdkError(503, { error_code: "PLANNED_MAINTENANCE" })],
    ["a network failure", sdkError(null, {}, "ECONNRESET")],
  ])("retries %s and returns the answer that follows", async (_, error) => {
    const call = failing(error, error);
    const onRetry = vi.fn();
    const retry = policy();
    await expect(withRetry(call, retry, onRetry)).resolves.toBe("ok");
    expect(call).toHaveBeenCalledTimes(3);
    expect(onRetry).toHaveBeenCalledTimes(2);
    expect(retry.delays).toHaveLength(2);
  });

  it.each([
    ["400 ITEM_LOGIN_REQUIRED", 400, "ITEM_LOGIN_REQUIRED"],
    ["400 INVALID_ACCESS_TOKEN", 400, "INVALID_ACCESS_TOKEN"],
    ["400 TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION", 400, "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION"],
    ["401", 401, "INVALID_API_KEYS"],
    ["404", 404, "NOT_FOUND"],
  ])("does not retry %s", async (_, status, errorCode) => {
    const call = failing(sdkError(status, { error_type: "ITEM_ERROR", error_code: errorCode, error_message: "nope" }));
    const onRetry = vi.fn();
    const error = await withRetry(call, policy(), onRetry).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlaidCallError);
    expect((error as PlaidCallError).failure).toMatchObject({ status, errorCode, message: "nope", requestId: "req_1" });
    expect(call).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
  });

  it("gives up after the policy's attempts with the last failure", async () => {
    const errors = Array.from({ length: 10 }, () => sdkError(429, { error_code: "RATE_LIMIT_EXCEEDED" }));
    const call = failing(...errors);
    const retry = policy(4);
    const error = (await withRetry(call, retry).catch((e: unknown) => e)) as PlaidCallError;
    expect(error).toBeInstanceOf(PlaidCallError);
    expect(error.failure).toMatchObject({ status: 429, errorCode: "RATE_LIMIT_EXCEEDED" });
    expect(call).toHaveBeenCalledTimes(4);
    expect(retry.delays).toHaveLength(3);
  });

  it("backs off exponentially with jitter, capped", async () => {
    const random = vi.spyOn(Math, "random").mockReturnValue(0.999999);
    try {
      const call = failing(...Array.from({ length: 5 }, () => sdkError(500)));
      const retry = policy(6);
      await withRetry(call, retry);
      // Ceilings 10, 20, 40→25, 80→25, 160→25 ms; full jitter picks within [0, ceiling).
      expect(retry.delays.map(Math.round)).toEqual([10, 20, 25, 25, 25]);
    } finally {
      random.mockRestore();
    }
  });

  it("never carries the request config (secret, access token) in what it throws", async () => {
    for (const error of [sdkError(400, { error_code: "ITEM_LOGIN_REQUIRED" }), sdkError(500), sdkError(null)]) {
      const thrown = await withRetry(failing(error, error, error, error, error), policy(3)).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(PlaidCallError);
      const shown = [inspect(thrown, { depth: 10, showHidden: true }), JSON.stringify(thrown), String(thrown)].join(
        "\n",
      );
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain(ACCESS_TOKEN);
      expect(shown).not.toMatch(/config|PLAID-SECRET/);
      expect((thrown as Error).cause).toBeUndefined();
    }
  });
});
