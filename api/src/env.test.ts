import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { DatabaseHandle } from "./db/client";
import { ConfigError, loadEnv } from "./env";
import { buildDeps } from "./server";

describe("DASHBOARD_SEAL_KEY", () => {
  it("is optional: unset or empty means no dashboard key", () => {
    expect(loadEnv({}).DASHBOARD_SEAL_KEY).toBeUndefined();
    expect(loadEnv({ DASHBOARD_SEAL_KEY: "" }).DASHBOARD_SEAL_KEY).toBeUndefined();
  });

  it("accepts 32 bytes in base64", () => {
    const text = randomBytes(32).toString("base64");
    expect(loadEnv({ DASHBOARD_SEAL_KEY: text }).DASHBOARD_SEAL_KEY).toBe(text);
  });

  it.each([
    ["16 bytes", randomBytes(16).toString("base64")],
    ["33 bytes", randomBytes(33).toString("base64")],
    ["not base64", `${"!".repeat(43)}=`],
    ["a passphrase", "correct horse battery staple and some more words"],
  ])("fails startup on %s, by name and without echoing the value", (_, value) => {
    let error: unknown;
    try {
      loadEnv({ DASHBOARD_SEAL_KEY: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/DASHBOARD_SEAL_KEY: must be 32 bytes, base64-encoded/);
    expect((error as Error).message).not.toContain(value);
  });

  it("reaches the app's config as its 32 bytes, or null when unset", () => {
    // No Plaid credentials and no query at build time: the handle is never touched.
    const handle = { db: null, driver: "pglite" } as unknown as DatabaseHandle;
    const bytes = randomBytes(32);
    const deps = buildDeps(loadEnv({ DASHBOARD_SEAL_KEY: bytes.toString("base64") }), handle);
    expect(Buffer.from(deps.config.dashboardSealKey!).equals(bytes)).toBe(true);
    expect(buildDeps(loadEnv({}), handle).config.dashboardSealKey).toBeNull();
  });
});

describe("in production", () => {
  const complete = {
    NODE_ENV: "production",
    DATABASE_URL: "postgres://tandem@db.internal:5432/tandem",
    JWT_SECRET: "j".repeat(40),
    DASHBOARD_ORIGIN: "https://dash.example.com",
    DASHBOARD_SEAL_KEY: randomBytes(32).toString("base64"),
  };

  it("starts with the database, the JWT secret and the dashboard's origin and seal key", () => {
    expect(loadEnv(complete).NODE_ENV).toBe("production");
  });

  it.each(["DATABASE_URL", "JWT_SECRET", "DASHBOARD_ORIGIN", "DASHBOARD_SEAL_KEY"])("fails fast without %s", (name) => {
    expect(() => loadEnv({ ...complete, [name]: "" })).toThrow(new RegExp(`${name}: .*required in production`));
  });
});
