import { describe, expect, it } from "vitest";
import { createLogger, describeError, levelFromEnv, scrubText, withLogContext } from "./log";

/** A logger writing into an array, at debug, and the parsed lines it wrote. */
function capturedLogger() {
  const written: string[] = [];
  const logger = createLogger({ write: (line: string) => void written.push(line) }, "debug");
  const lines = () =>
    written
      .join("")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, written, lines };
}

describe("the logger", () => {
  it("writes one JSON object per line: level label, ISO time, fields, message", () => {
    const { logger, lines } = capturedLogger();
    logger.info({ itemId: "item_1", added: 3 }, "plaid sync finished");
    logger.debug("detail");
    const [first, second] = lines();
    expect(first).toEqual({
      level: "info",
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      itemId: "item_1",
      added: 3,
      message: "plaid sync finished",
    });
    expect(second).toMatchObject({ level: "debug", message: "detail" });
  });

  it("keeps the message when a field is also called message", () => {
    const { logger, written, lines } = capturedLogger();
    logger.warn({ message: "a field pretending" }, "the real message");
    expect(written.join("").match(/"message"/g)).toHaveLength(1);
    expect(lines()[0]!.message).toBe("the real message");
  });

  it("adds the context's fields (the request id) to every line written inside it, however deep", async () => {
    const { logger, lines } = capturedLogger();
    await withLogContext({ requestId: "req-1" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info("deep in a domain module");
    });
    logger.info("outside");
    expect(lines()).toMatchObject([{ requestId: "req-1" }, { message: "outside" }]);
    expect(lines()[1]).not.toHaveProperty("requestId");
  });

  it("redacts secret fields at the top level and nested, headers included", () => {
    const { logger, written, lines } = capturedLogger();
    logger.info(
      {
        password: "hunter2-top",
        body: { password: "hunter2-nested", refreshToken: "rt-nested", email: "alex@example.com" },
        request: { headers: { authorization: "Basic dXNlcjpwYXNz", "plaid-verification": "sig-two-levels" } },
        config: { "PLAID-SECRET": "plaid-secret-value", client_id: "plaid-client-id", secret: "s" },
        deeper: { a: { b: { c: { access_token: "four-levels-down" } } } },
        apiKey: "key-value",
        key: "raw-key",
        cookie: "session=abc",
        tokens: ["t1"],
      },
      "with secrets",
    );
    const text = written.join("");
    for (const secret of [
      "hunter2",
      "rt-nested",
      "dXNlcjpwYXNz",
      "sig-two-levels",
      "plaid-secret-value",
      "plaid-client-id",
      "four-levels-down",
      "key-value",
      "raw-key",
      "session=abc",
      '"t1"',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(lines()[0]).toMatchObject({
      password: "[redacted]",
      body: { password: "[redacted]", email: "alex@example.com" },
      request: { headers: { authorization: "[redacted]", "plaid-verification": "[redacted]" } },
    });
  });

  it("redacts inside class instances (an SDK's error with its config) as they would be written", () => {
    class SdkError extends Error {
      config = { headers: { "PLAID-SECRET": "plaid-secret-in-config" }, data: '{"secret":"s2"}' };
      toJSON() {
        return { message: this.message, config: this.config };
      }
    }
    const { logger, written, lines } = capturedLogger();
    logger.error({ failure: new SdkError("upstream said no"), at: new Date("2026-01-02T03:04:05Z") }, "sdk failed");
    expect(written.join("")).not.toContain("plaid-secret-in-config");
    expect(lines()[0]).toMatchObject({
      failure: { message: "upstream said no", config: { headers: { "PLAID-SECRET": "[redacted]" } } },
      at: "2026-01-02T03:04:05.000Z",
    });
  });

  it("cuts a value nested past the scrubbing depth rather than write it unread", () => {
    const { logger, written } = capturedLogger();
    logger.info({ a: { b: { c: { d: { e: { f: "Bearer abc.def" } } } } } }, "deep");
    expect(written.join("")).toContain("[too deep]");
  });

  it("replaces token-shaped text inside messages and string fields", () => {
    const { logger, written } = capturedLogger();
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXNpZw";
    const access = "access-sandbox-3f6d1c2e-1111-4222-8333-944445555666";
    const publicToken = "public-production-0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d";
    const fernet = "gAAAAABmZ2hpamtsbW5vcHFyc3R1dnd4eXo=";
    const refresh = "tdm_rt_Qm9vb2Jvb2Jvb2Jvb2Jvb2Jvb2Jvb2Jvb2Jvb2Jv";
    logger.error(
      {
        reason: `upstream said: invalid access_token ${access}`,
        url: `https://api.example/items?token=${publicToken}`,
        list: [`encrypted ${fernet}`],
        header: "Bearer opaque.token-value_123",
      },
      `verification ${jwt} failed for ${refresh}`,
    );
    const text = written.join("");
    for (const secret of [jwt, access, publicToken, fernet, refresh, "opaque.token-value_123"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("Bearer [redacted]");
    expect(text).toContain("verification [redacted] failed for [redacted]");
  });

  it("leaves ordinary text alone, including an API key's short display prefix", () => {
    expect(scrubText("synced 12 transactions for item abc (key tdm_ro_Ab12Cd)")).toBe(
      "synced 12 transactions for item abc (key tdm_ro_Ab12Cd)",
    );
  });

  it("does not change the caller's objects", () => {
    const { logger } = capturedLogger();
    const fields = { password: "kept", nested: { note: "Bearer abc" } };
    logger.info(fields, "m");
    expect(fields).toEqual({ password: "kept", nested: { note: "Bearer abc" } });
  });
});

describe("levelFromEnv", () => {
  it("is LOG_LEVEL when set, else info, and only errors in tests", () => {
    expect(levelFromEnv({})).toBe("info");
    expect(levelFromEnv({ NODE_ENV: "production" })).toBe("info");
    expect(levelFromEnv({ NODE_ENV: "test" })).toBe("error");
    expect(levelFromEnv({ NODE_ENV: "test", LOG_LEVEL: "debug" })).toBe("debug");
    expect(levelFromEnv({ LOG_LEVEL: "silent" })).toBe("silent");
    expect(levelFromEnv({ LOG_LEVEL: "loud" })).toBe("info");
  });
});

describe("describeError", () => {
  it("keeps a failed query's parameters out of the log", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
      code: "23505",
    });
    const error = new Error(
      "Failed query: insert into users values ($1, $2)\nparams: alex@example.com,$argon2id$v=19$secret",
      {
        cause,
      },
    );
    error.name = "DrizzleQueryError";
    const logged = JSON.stringify(describeError(error));
    expect(logged).toContain("23505");
    expect(logged).not.toContain("alex@example.com");
    expect(logged).not.toContain("argon2id");
  });
});
