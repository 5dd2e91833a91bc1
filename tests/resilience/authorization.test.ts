/**
 * The authorization matrix, generated from the API's own /openapi.json: every route ×
 * {no token, expired token, the other household's member, the other household's API key,
 * a read-only API key on a write} gets the right status, and no response shows household
 * A's data to household B. A's own member is tried on every route too, so a matrix of
 * 401s cannot pass by every route refusing everyone.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Households, type Reply, startHouseholds } from "./support/households";
import { collectionOf, fetchRoutes, isWrite, type Route, sampleValid } from "./support/openapi";

// Routes a caller reaches without a bearer credential, by design: health, docs, sign-in
// and the Plaid webhook (verified by its signature instead).
const PUBLIC_ROUTES = [
  "GET /health",
  "POST /auth/register",
  "POST /auth/join",
  "POST /auth/login",
  "POST /auth/refresh",
  "POST /auth/logout",
  "POST /plaid/webhook",
];
// Routes whose member case would end the session every other case uses, or wipe shared data.
const NOT_AS_B_MEMBER = new Set(["DELETE /me", "DELETE /rates"]);

let env: Households;
let routes: Route[];
const tally = { tried: 0, asExpected: 0, leaks: 0 };
const failures: string[] = [];
let idsOfA: string[] = [];

// This run has no exchange-rate provider (it would be the network): the route says so after
// accepting the credential, with its own documented 503.
const isUnconfigured = (reply: Reply<{ code?: string }>) =>
  reply.status === 503 && reply.body?.code === "rates_provider_off";

const label = (route: Route) => `${route.method} ${route.path}`;

/** The route's URL with every {param} filled: {id} with the given household row, others with a sample. */
function urlFor(route: Route, id: string): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === "id" ? id : encodeURIComponent(name)));
}

/** A request body that passes validation, so what decides the answer is who asks. */
function bodyFor(route: Route): unknown {
  if (route.jsonBody) return sampleValid(route.jsonBody, randomUUID());
  if (route.contentTypes.length > 0) return "{}";
  return undefined;
}

function send(
  route: Route,
  url: string,
  token: string | undefined,
): Promise<Reply<{ code?: string; detail?: string }>> {
  const body = bodyFor(route);
  return env.request(route.method, url, {
    ...(token ? { token } : {}),
    ...(body !== undefined ? { body } : {}),
  });
}

/** Records one cell of the matrix; the test fails at the end with every wrong cell listed. */
function check(cell: string, ok: boolean, detail: string) {
  tally.tried++;
  if (ok) tally.asExpected++;
  else failures.push(`${cell}: ${detail}`);
}

function leaksOf(text: string): string[] {
  return idsOfA.filter((id) => text.includes(id));
}

beforeAll(async () => {
  env = await startHouseholds();
  routes = (await fetchRoutes(env.url)).routes;
  // A's distinctive strings plus every id in any of A's listings.
  const found = new Set([...env.a.marks, ...Object.values(env.a.rows), env.a.apiKeyId]);
  for (const route of routes.filter((r) => r.method === "GET" && r.secured && !r.path.includes("{"))) {
    const reply = await env.request<{ items?: { id?: string }[] }>("GET", route.path, { token: env.a.token });
    for (const item of Array.isArray(reply.body?.items) ? reply.body.items : []) if (item.id) found.add(item.id);
  }
  idsOfA = [...found];
});

afterAll(async () => {
  console.log(
    `authorization matrix: ${tally.tried} cases tried, ${tally.asExpected} as expected, ${tally.leaks} leaks, ${failures.length} wrong`,
  );
  await env?.stop();
});

describe("authorization matrix from /openapi.json", () => {
  it("declares security on every route but the public ones", () => {
    const open = routes.filter((r) => !r.secured).map(label);
    expect(open.sort()).toEqual([...PUBLIC_ROUTES].sort());
    expect(routes.length).toBeGreaterThan(80);
  });

  it("refuses every secured route without a credential or with an expired one (401)", async () => {
    for (const route of routes.filter((r) => r.secured)) {
      const url = urlFor(route, env.a.rows[collectionOf(route.path)] ?? randomUUID());
      for (const [who, token] of [
        ["no token", undefined],
        ["expired token", env.a.expiredToken],
        ["a token with a tampered signature", `${env.a.token.slice(0, -4)}AAAA`],
      ] as const) {
        const reply = await send(route, url, token);
        check(
          `${label(route)} with ${who}`,
          reply.status === 401,
          `answered ${reply.status} ${reply.text.slice(0, 200)}`,
        );
      }
    }
    expect(failures).toEqual([]);
  });

  it("answers B's member and B's API key on A's rows exactly as for rows that do not exist", async () => {
    const countsBefore = await env.rowCounts();
    // Writes last, so a DELETE that wrongly succeeded cannot hide a read that leaks.
    const idRoutes = routes
      .filter((r) => r.secured && r.path.includes("{id}"))
      .sort((x, y) => Number(x.method === "DELETE") - Number(y.method === "DELETE"));
    expect(idRoutes.length).toBeGreaterThan(30);
    for (const route of idRoutes) {
      const ownId = env.a.rows[collectionOf(route.path)];
      expect(ownId, `household A needs a row for ${route.path}`).toBeTruthy();
      for (const [who, token] of [
        ["B's member", env.b.token],
        ["B's API key", env.b.apiKey],
      ] as const) {
        const cell = `${label(route)} on A's row as ${who}`;
        const theirs = await send(route, urlFor(route, ownId!), token);
        const missing = await send(route, urlFor(route, randomUUID()), token);
        const leaked = leaksOf(theirs.text);
        if (leaked.length > 0) tally.leaks++;
        // A read-only key is refused every write before the row is looked up: that says nothing about A.
        const expected = who === "B's API key" && isWrite(route.method) ? 403 : 404;
        check(
          cell,
          theirs.status === expected &&
            leaked.length === 0 &&
            theirs.body?.code === missing.body?.code &&
            theirs.body?.detail === missing.body?.detail,
          `answered ${theirs.status} ${theirs.text.slice(0, 200)} (a missing id: ${missing.status} ${missing.text.slice(0, 120)}); leaks ${leaked}`,
        );
      }
    }
    expect(await env.rowCounts()).toEqual(countsBefore);
    expect(failures).toEqual([]);
  });

  it("shows B's credentials none of A's data in any listing or collection route", async () => {
    const collectionRoutes = routes.filter(
      (r) => r.secured && !r.path.includes("{") && !NOT_AS_B_MEMBER.has(label(r)) && r.method === "GET",
    );
    for (const route of collectionRoutes) {
      for (const [who, token] of [
        ["B's member", env.b.token],
        ["B's API key", env.b.apiKey],
      ] as const) {
        const reply = await send(route, route.path, token);
        const leaked = leaksOf(reply.text);
        if (leaked.length > 0) tally.leaks++;
        // API keys may be refused member-only routes (403 member_required); members get 200.
        const okStatus = reply.status === 200 || (who === "B's API key" && reply.status === 403);
        check(
          `${label(route)} as ${who}`,
          okStatus && leaked.length === 0,
          `answered ${reply.status}; leaks ${leaked.join(", ")}`,
        );
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuses a read-only API key every write (403), before anything changes", async () => {
    const countsBefore = await env.rowCounts();
    for (const route of routes.filter((r) => r.secured && isWrite(r.method))) {
      const url = urlFor(route, env.a.rows[collectionOf(route.path)] ?? randomUUID());
      const reply = await send(route, url, env.a.apiKey);
      check(
        `${label(route)} with A's read-only key`,
        reply.status === 403 && ["read_only_key", "member_required"].includes(reply.body?.code ?? ""),
        `answered ${reply.status} ${reply.text.slice(0, 200)}`,
      );
    }
    expect(await env.rowCounts()).toEqual(countsBefore);
    expect(failures).toEqual([]);
  });

  it("lets A's own member through on every secured route (so the refusals above mean something)", async () => {
    for (const route of routes.filter((r) => r.secured && !NOT_AS_B_MEMBER.has(label(r)))) {
      // Reads on A's real rows; writes on an id that does not exist, so A's data stays as it was
      // and the answer (404) still shows the credential was accepted.
      const id = isWrite(route.method) ? randomUUID() : env.a.rows[collectionOf(route.path)];
      const reply = await send(route, urlFor(route, id ?? randomUUID()), env.a.token);
      check(
        `${label(route)} as A's member`,
        reply.status !== 401 && reply.status !== 403 && (reply.status < 500 || isUnconfigured(reply)),
        `answered ${reply.status} ${reply.text.slice(0, 200)}`,
      );
    }
    expect(failures).toEqual([]);
  });
});
