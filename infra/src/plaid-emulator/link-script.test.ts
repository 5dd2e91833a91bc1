import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPlaidEmulator, startPlaidEmulator } from "./index";
import { plaidClient } from "./test-support";

let emulator: RunningPlaidEmulator;

beforeAll(async () => {
  emulator = await startPlaidEmulator({ port: 0, seed: 3 });
});

afterAll(async () => {
  await emulator.close();
});

const ORIGIN = "http://localhost:3999";

describe("the Plaid Link stand-in", () => {
  it("serves link-initialize.js as JavaScript to any origin", async () => {
    const response = await fetch(`${emulator.url}/link/link-initialize.js`, { headers: { origin: ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const source = await response.text();
    expect(source).toContain("Sandbox bank");
    expect(source).toContain("/__emulator/link/complete");
  });

  it("defines window.Plaid.create with Link's handler interface", async () => {
    const source = await (await fetch(`${emulator.url}/link/link-initialize.js`)).text();
    const window: Record<string, unknown> = {};
    const loaded: string[] = [];
    runInNewContext(source, {
      window,
      document: { currentScript: { src: `${emulator.url}/link/link-initialize.js` } },
      location: { origin: ORIGIN },
      URL,
      setTimeout: (fn: () => void) => fn(),
    });
    const plaid = window.Plaid as { create(config: object): Record<string, unknown> };
    const handler = plaid.create({ token: "link-sandbox-x", onLoad: () => loaded.push("load") });
    expect(typeof handler.open).toBe("function");
    expect(typeof handler.exit).toBe("function");
    expect(typeof handler.destroy).toBe("function");
    expect(loaded).toEqual(["load"]);
  });

  it("answers the preflight and the completion of Link across origins", async () => {
    const preflight = await fetch(`${emulator.url}/__emulator/link/complete`, {
      method: "OPTIONS",
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");

    const { data: link } = await plaidClient(emulator.url).linkTokenCreate({
      client_name: "Tandem",
      language: "en",
      country_codes: ["US" as never],
      user: { client_user_id: "household-1" },
      products: ["transactions" as never],
    });
    const response = await fetch(`${emulator.url}/__emulator/link/complete`, {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ link_token: link.link_token, institution_id: "ins_109511" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await response.json()) as { public_token: string; metadata: { institution: { name: string } } };
    expect(body.public_token).toMatch(/^public-sandbox-/);
    expect(body.metadata.institution.name).toBe("Tartan Bank");

    const refused = await fetch(`${emulator.url}/__emulator/link/complete`, {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ link_token: "link-sandbox-unknown" }),
    });
    expect(refused.status).toBe(404);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
  });
});
