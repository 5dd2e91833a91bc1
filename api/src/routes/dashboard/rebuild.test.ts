import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";
import { createRebuildHook, type RebuildHook } from "../../dashboard/rebuild-hook";

// A stand-in for the static host's deploy hook: it counts the calls.
let hookServer: Server;
let hookCalls = 0;
let hook: RebuildHook;
let api: TestApi;
let home: Awaited<ReturnType<typeof createHousehold>>;

beforeAll(async () => {
  hookServer = createServer((_, response) => {
    hookCalls++;
    response.writeHead(201).end("{}");
  });
  await new Promise<void>((done) => hookServer.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/deploy/srv-test?key=secret`;
  hook = createRebuildHook({ url, intervalMs: 600_000 });
  api = await createTestApi({}, () => ({ rebuildHook: hook }));
  home = await createHousehold(api);
});
afterAll(async () => {
  await hook.stop();
  await api.close();
  await new Promise((done) => hookServer.close(done));
});

const settle = () => new Promise((done) => setTimeout(done, 100));

describe("the dashboard rebuild hook", () => {
  it("is called once for a burst of member changes, never for reads or refused writes", async () => {
    const token = home.alex.accessToken;
    await api.request("GET", "/transactions", { token });
    await api.request("POST", "/transactions", { token, body: { amount: "not money" } });
    await settle();
    expect(hookCalls).toBe(0);

    const account = await createAccount(api, token);
    for (let i = 0; i < 5; i++) {
      const reply = await api.request("POST", "/transactions", {
        token,
        body: { accountId: account.id, date: "2026-05-01", amount: -100 - i, description: `Edit ${i}` },
      });
      expect(reply.status).toBe(201);
    }
    await settle();
    expect(hookCalls).toBe(1);
    const health = await api.request<{ dashboardRebuild: Record<string, unknown> }>("GET", "/health");
    expect(health.body.dashboardRebuild).toMatchObject({ configured: true, pending: true, lastError: null });
    expect(JSON.stringify(health.body)).not.toContain("secret");
  });
});
