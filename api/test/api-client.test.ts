import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ServerType, serve } from "@hono/node-server";
import {
  type ApiClient,
  ApiContractError,
  ApiRequestError,
  ApiUnreachableError,
  createApiClient,
  deriveHouseholdSealKey,
} from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount, createHousehold, createTestApi, type TestApi } from "./harness";

/** The real app on a real port: the client goes through fetch and the network stack. */
let api: TestApi;
let server: ServerType;
let baseUrl: string;
let home: Awaited<ReturnType<typeof createHousehold>>;
let apiKey: string;
let client: ApiClient;

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const s = createServer(handler);
  return new Promise((resolve) =>
    s.listen(0, "127.0.0.1", () =>
      resolve({ server: s, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}` }),
    ),
  );
}
const close = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

beforeAll(async () => {
  api = await createTestApi();
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: api.app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  home = await createHousehold(api, "Client home");
  const token = home.alex.accessToken;
  apiKey = (await api.request<{ key: string }>("POST", "/api-keys", { token, body: { name: "loader" } })).body.key;
  const checking = await createAccount(api, token, { name: "Checking" });
  const old = await createAccount(api, token, { name: "Old card", type: "credit" });
  await api.request("PATCH", `/accounts/${old.id}`, { token, body: { archived: true } });
  for (let i = 0; i < 7; i++) {
    await api.request("POST", "/transactions", {
      token,
      body: { accountId: checking.id, date: `2026-03-0${1 + i}`, amount: -100 * (i + 1), description: `Item ${i}` },
    });
  }
  // A trailing slash is dropped.
  client = createApiClient({ baseUrl: `${baseUrl}/`, token: apiKey });
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await api.close();
});

describe("createApiClient against the API", () => {
  it("reads the household, accounts (archived too), categories and linked banks, typed and checked", async () => {
    expect(client.baseUrl).toBe(baseUrl);
    expect(await client.household()).toMatchObject({ id: home.householdId, name: "Client home" });
    const accounts = await client.accounts();
    expect(accounts.map((a) => [a.name, a.archived])).toEqual([
      ["Checking", false],
      ["Old card", true],
    ]);
    expect(accounts[0]!.balance).toBe(-2_800);
    const categories = await client.categories();
    expect(categories.find((c) => c.name === "Income")?.kind).toBe("income");
    expect(await client.plaidItems()).toEqual([]);
  });

  it("pages through the dashboard's transactions", async () => {
    const first = await client.dashboardTransactions({ limit: 3 });
    expect(first.columns.date).toEqual(["2026-03-01", "2026-03-02", "2026-03-03"]);
    expect(first.nextCursor).not.toBeNull();
    const second = await client.dashboardTransactions({ cursor: first.nextCursor, limit: 3 });
    expect(second.columns.date).toEqual(["2026-03-04", "2026-03-05", "2026-03-06"]);

    const pages = [];
    for await (const page of client.allDashboardTransactions(3)) pages.push(page);
    expect(pages.map((p) => p.columns.amount.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((p) => p.columns.amount)).toEqual([-100, -200, -300, -400, -500, -600, -700]);
    expect(pages.at(-1)?.nextCursor).toBeNull();

    const all = [];
    for await (const page of client.allDashboardTransactions()) all.push(page);
    expect(all).toHaveLength(1);
    expect(all[0]!.columns.payee).toHaveLength(7);
  });

  it("reads /health without sending the token", async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    const recording = createApiClient({
      baseUrl,
      token: apiKey,
      fetch: async (input, init) => {
        seen.push({ url: String(input), authorization: new Headers(init?.headers).get("authorization") });
        return fetch(input, init);
      },
    });
    const health = await recording.health();
    expect(health.database.reachable).toBe(true);
    await recording.household();
    expect(seen).toEqual([
      { url: `${baseUrl}/health`, authorization: null },
      { url: `${baseUrl}/household`, authorization: `Bearer ${apiKey}` },
    ]);
  });

  it("gives a member the dashboard key; an API key gets ApiRequestError 403 member_required", async () => {
    const member = createApiClient({ baseUrl, token: home.alex.accessToken });
    expect(await member.dashboardKey()).toEqual({
      key: await deriveHouseholdSealKey(api.deps.config.dashboardSealKey!, home.householdId),
      householdId: home.householdId,
      algorithm: "A256GCM",
    });
    const error = await caught(client.dashboardKey());
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 403, code: "member_required", title: "Forbidden" });
  });
});

describe("errors", () => {
  it("turns a problem+json answer into ApiRequestError with its code, detail and request id, never the token", async () => {
    const secret = "tdm_ro_thisKeyDoesNotExistButLooksLikeOne00000000";
    const error = await caught(createApiClient({ baseUrl, token: secret }).accounts());
    expect(error).toBeInstanceOf(ApiRequestError);
    const problem = error as ApiRequestError;
    expect(problem).toMatchObject({ status: 401, code: "unauthorized", title: "Unauthorized", method: "GET" });
    expect(problem.path).toBe("/accounts");
    expect(problem.detail).toMatch(/API key/);
    expect(problem.requestId).toMatch(/^[\w-]{8,}$/);
    expect(problem.message).toContain(problem.requestId!);
    for (const text of [problem.message, JSON.stringify(problem), String(problem.stack)]) {
      expect(text).not.toContain(secret);
    }
  });

  it("reports a bad cursor as 400 invalid_cursor and a bad limit as 422 with field errors", async () => {
    const cursor = await caught(client.dashboardTransactions({ cursor: "bm90LWEtY3Vyc29y" }));
    expect(cursor).toMatchObject({ status: 400, code: "invalid_cursor" });
    const limit = (await caught(client.dashboardTransactions({ limit: 0 }))) as ApiRequestError;
    expect(limit).toMatchObject({ status: 422, code: "validation_failed" });
    expect(limit.errors?.[0]?.path).toBe("limit");
  });

  it("throws ApiUnreachableError naming the base URL when nothing listens there", async () => {
    const { server: probe, url } = await listen(() => {});
    await close(probe); // the port is now free: connections are refused
    const error = await caught(createApiClient({ baseUrl: `${url}/`, token: apiKey }).household());
    expect(error).toBeInstanceOf(ApiUnreachableError);
    expect(error.message).toMatch(new RegExp(`^Cannot reach the Tandem API at ${url}: .*ECONNREFUSED`));
    expect(error.message).not.toContain(apiKey);
  });

  it("throws ApiUnreachableError when the API does not answer in time", async () => {
    const { server: silent, url } = await listen(() => {}); // accepts, never answers
    try {
      const error = await caught(createApiClient({ baseUrl: url, token: apiKey, timeoutMs: 200 }).household());
      expect(error).toBeInstanceOf(ApiUnreachableError);
      expect(error.message).toBe(`Cannot reach the Tandem API at ${url}: no answer in time`);
    } finally {
      silent.closeAllConnections();
      await close(silent);
    }
  });

  it("names a non-problem error answer by its status (a proxy's 502 page, say)", async () => {
    const { server: proxy, url } = await listen((_, res) => {
      res.writeHead(502, { "content-type": "text/html", "x-request-id": "edge-1" }).end("<h1>Bad gateway</h1>");
    });
    try {
      const error = await caught(createApiClient({ baseUrl: url, token: apiKey }).categories());
      expect(error).toBeInstanceOf(ApiRequestError);
      expect(error).toMatchObject({ status: 502, code: "http_502", title: "Bad Gateway", requestId: "edge-1" });
    } finally {
      await close(proxy);
    }
  });

  it("throws ApiContractError when a 2xx body does not match the contract", async () => {
    const { server: drifted, url } = await listen((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url?.startsWith("/dashboard/transactions")) {
        res.end(
          JSON.stringify({
            columns: {
              date: ["2026-01-01"],
              accountId: [],
              categoryId: [],
              payee: [],
              amount: [],
              currency: [],
              pending: [],
            },
            nextCursor: null,
          }),
        );
      } else if (req.url === "/accounts") {
        res.end(JSON.stringify({ items: [{ id: "x", balance: 1.5 }] }));
      } else res.end("not json");
    });
    try {
      const c = createApiClient({ baseUrl: url, token: apiKey });
      const columns = await caught(c.dashboardTransactions());
      expect(columns).toBeInstanceOf(ApiContractError);
      expect(columns.message).toMatch(/same length/);
      expect(await caught(c.accounts())).toBeInstanceOf(ApiContractError);
      const notJson = await caught(c.household());
      expect(notJson).toBeInstanceOf(ApiContractError);
      expect(notJson.message).toMatch(/not JSON/);
    } finally {
      await close(drifted);
    }
  });

  it("refuses a base URL that is not an http(s) URL or carries credentials", () => {
    for (const bad of ["api.example.com", "ftp://api.example.com", "https://user:pw@api.example.com"]) {
      expect(() => createApiClient({ baseUrl: bad, token: apiKey }), bad).toThrow(TypeError);
    }
  });
});
