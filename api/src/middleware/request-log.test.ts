import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { log } from "../lib/log";
import type { AppEnv } from "../lib/types";
import { requestLog } from "./request-log";

let lines: Record<string, unknown>[];
const stderrWrite = process.stderr.write.bind(process.stderr);

// The real logger writes to process.stderr; the test listens there, at debug.
beforeEach(() => {
  lines = [];
  process.env.LOG_LEVEL = "debug";
  process.stderr.write = ((chunk: string | Uint8Array) => {
    for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
    return true;
  }) as typeof process.stderr.write;
});
afterEach(() => {
  process.stderr.write = stderrWrite;
  delete process.env.LOG_LEVEL;
});

function testApp() {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(requestLog());
  app.get("/health", (c) => c.json({ status: "ok" }));
  app.get("/items", (c) => c.json([]));
  app.get("/me", (c) => {
    c.set("principal", { kind: "member", householdId: "h1", userId: "u1", sessionId: "s1" });
    return c.json({});
  });
  app.get("/reports", (c) => {
    c.set("principal", { kind: "apiKey", householdId: "h1", apiKeyId: "k1" });
    return c.json({});
  });
  app.get("/deep", async (c) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    log("warn", "something deep in a domain module");
    return c.json({});
  });
  app.get("/boom", () => {
    throw new Error("kaput");
  });
  app.onError((_error, c) => c.json({ error: "internal" }, 500));
  return app;
}

const requestLines = () => lines.filter((l) => l.message === "request");

describe("requestLog", () => {
  it("writes one line per request: method, path without the query, status, duration, request id", async () => {
    const response = await testApp().request("/items?token=public-sandbox-secret&limit=5");
    expect(response.status).toBe(200);
    expect(requestLines()).toEqual([
      {
        level: "info",
        time: expect.any(String),
        requestId: response.headers.get("x-request-id"),
        method: "GET",
        path: "/items",
        status: 200,
        durationMs: expect.any(Number),
        message: "request",
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain("public-sandbox-secret");
  });

  it("names the principal by ids only", async () => {
    const app = testApp();
    await app.request("/me");
    await app.request("/reports");
    expect(requestLines()).toMatchObject([
      { path: "/me", principal: "member", householdId: "h1", userId: "u1" },
      { path: "/reports", principal: "apiKey", householdId: "h1", apiKeyId: "k1" },
    ]);
    expect(requestLines()[0]).not.toHaveProperty("sessionId");
  });

  it("puts the request id on lines logged while the request runs", async () => {
    const response = await testApp().request("/deep", { headers: { "x-request-id": "from-the-proxy" } });
    expect(response.headers.get("x-request-id")).toBe("from-the-proxy");
    expect(lines).toMatchObject([
      { level: "warn", requestId: "from-the-proxy", message: "something deep in a domain module" },
      { level: "info", requestId: "from-the-proxy", path: "/deep", message: "request" },
    ]);
  });

  it("logs server errors at error, and /health at debug only", async () => {
    const app = testApp();
    expect((await app.request("/boom")).status).toBe(500);
    await app.request("/health");
    expect(requestLines()).toMatchObject([
      { level: "error", path: "/boom", status: 500 },
      { level: "debug", path: "/health", status: 200 },
    ]);
    process.env.LOG_LEVEL = "info";
    await app.request("/health");
    expect(requestLines()).toHaveLength(2);
  });
});
