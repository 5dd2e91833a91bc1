/**
 * Fuzzing every route from its declared request schema (/openapi.json): path and query
 * parameters and JSON bodies drawn by fast-check from valid values, boundary values and
 * hostile ones (huge and negative-zero numbers, MAX_SAFE_INTEGER + 1, 10,000-level JSON,
 * wrong types, SQL, HTML, NUL, right-to-left and emoji text, overlong strings), as A's
 * member and, for reads, A's read-only API key. Invariants: never a 5xx; every error is a
 * JSON problem body; a refused (4xx) write leaves every table as it was.
 *
 * Deterministic: one seed (RESILIENCE_SEED overrides it), printed; each route runs with
 * seed + its index, so a failure names what to rerun.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Households, type Reply, startHouseholds } from "./support/households";
import { collectionOf, fetchRoutes, isWrite, type JsonSchema, type Route, sampleValid } from "./support/openapi";

const SEED = Number(process.env.RESILIENCE_SEED ?? 20_260_309);
// Reruns one route's cases (same seeds): RESILIENCE_FUZZ_ROUTE="POST /rates".
const ONLY = process.env.RESILIENCE_FUZZ_ROUTE;
const RUNS_PER_ROUTE = Number(process.env.RESILIENCE_FUZZ_RUNS ?? 25);
// Tables that change without any request of ours being at fault: key use is stamped on reads.
const VOLATILE_TABLES = new Set(["api_keys", "scheduled_jobs"]);

let env: Households;
let routes: Route[];
let ids: string[];
const tally = { tried: 0, refused: 0, accepted: 0, serverErrors: 0, writesFromRefused: 0, notProblemJson: 0 };

const DEEP = 10_000;
const deepArray = `${"[".repeat(DEEP)}${"]".repeat(DEEP)}`;
const deepObject = `${'{"a":'.repeat(DEEP)}1${"}".repeat(DEEP)}`;

/** Values no schema asks for: each one has broken a parser, a query or a page somewhere. */
const HOSTILE_VALUES: unknown[] = [
  1e308,
  -1e308,
  -0,
  Number.MAX_SAFE_INTEGER + 1,
  -(Number.MAX_SAFE_INTEGER + 2),
  2 ** 63,
  0.1,
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "9007199254740993",
  "",
  " ",
  null,
  true,
  [],
  {},
  [1, "two", null],
  { $ne: null },
  { __proto__: { admin: true } },
  "' OR '1'='1",
  "'; drop table transactions; --",
  "1; select pg_sleep(5)",
  "%' or 1=1 --",
  "\\",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "\u0000",
  "a\u0000b",
  "\u202eevil\u202c",
  "שלום",
  "😀👨‍👩‍👧‍👦",
  "\uD800",
  "\uFFFF",
  "x".repeat(100_000),
  "../../etc/passwd",
  "0b9a3c0e-6a52-4f1e-9a55-0e7f6a2f8c11",
  "00000000-0000-0000-0000-000000000000",
  "2026-02-30",
  "0000-00-00",
  "99999-12-31",
];
const hostile = fc.constantFrom(...HOSTILE_VALUES);

function typeOf(schema: JsonSchema): string | undefined {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
}

const isoDate = fc
  .integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10));

/** Values the schema accepts (mostly: a uuid may name no row, a date range may be reversed). */
function valid(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((o) => valid(o, depth + 1)));
  if (schema.allOf) return valid(Object.assign({}, ...schema.allOf), depth + 1);
  const nullable = Array.isArray(schema.type) && schema.type.includes("null");
  const base = validOfType(schema, depth);
  return nullable ? fc.oneof({ arbitrary: base, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }) : base;
}

function validOfType(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  switch (typeOf(schema)) {
    case "string":
      if (schema.format === "uuid") return fc.oneof(fc.constantFrom(...ids), fc.uuid());
      if (schema.format === "date") return isoDate;
      if (schema.format === "date-time") return isoDate.map((d) => `${d}T12:00:00.000Z`);
      if (schema.format === "email") return fc.emailAddress();
      if (schema.pattern) return fc.constant(sampleValid(schema));
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) });
    case "integer":
      return fc.integer({
        min: Math.max(schema.minimum ?? -1e9, Number.MIN_SAFE_INTEGER),
        max: Math.min(schema.maximum ?? 1e9, Number.MAX_SAFE_INTEGER),
      });
    case "number":
      return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(valid(schema.items ?? {}, depth + 1), { maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case "object":
    case undefined:
      if (depth > 4 || !schema.properties) return fc.constant({});
      return fc.record(
        Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, valid(v, depth + 1)])),
        { requiredKeys: schema.required ?? [] },
      );
    default:
      return fc.constant(null);
  }
}

/** Values at and just past the schema's limits. */
function boundary(schema: JsonSchema): fc.Arbitrary<unknown> | null {
  const values: unknown[] = [];
  const type = typeOf(schema);
  if (type === "string") {
    if (schema.minLength !== undefined)
      values.push("m".repeat(schema.minLength), "m".repeat(Math.max(0, schema.minLength - 1)));
    if (schema.maxLength !== undefined) values.push("M".repeat(schema.maxLength), "M".repeat(schema.maxLength + 1));
  }
  if (type === "integer" || type === "number") {
    for (const limit of [schema.minimum, schema.maximum])
      if (limit !== undefined) values.push(limit, limit - 1, limit + 1);
    values.push(0);
  }
  // Past ~1,000 items the array nears the 1 MB body limit: that 413 is the forgery file's subject,
  // and here it would close the keep-alive connection the next case reuses (see the report).
  if (type === "array" && schema.maxItems !== undefined && schema.maxItems <= 1_000) {
    const item = sampleValid(schema.items ?? {});
    values.push(Array(schema.maxItems).fill(item), Array(schema.maxItems + 1).fill(item));
  }
  return values.length > 0 ? fc.constantFrom(...values) : null;
}

/** A field's value: usually valid, sometimes at a limit, sometimes hostile. */
function field(schema: JsonSchema): fc.Arbitrary<unknown> {
  const edge = boundary(schema);
  return fc.oneof({ arbitrary: valid(schema), weight: 5 }, ...(edge ? [{ arbitrary: edge, weight: 2 }] : []), {
    arbitrary: hostile,
    weight: 2,
  });
}

type Body = { kind: "json"; value: unknown } | { kind: "raw"; text: string; contentType: string } | { kind: "none" };

function bodyArbitrary(route: Route): fc.Arbitrary<Body> {
  const schema = route.jsonBody;
  if (!schema) {
    if (route.contentTypes.length === 0) return fc.constant({ kind: "none" } as Body);
    return fc.constantFrom<Body>(
      { kind: "none" },
      { kind: "raw", text: deepArray, contentType: route.contentTypes[0]! },
      { kind: "raw", text: "date,amount\n2026-13-45,1e308\n", contentType: "text/csv" },
    );
  }
  const fields = Object.entries(schema.properties ?? {});
  const object = fc
    .record(Object.fromEntries(fields.map(([k, v]) => [k, field(v)])), {
      requiredKeys: schema.required ?? [],
    })
    .chain((value) =>
      // Now and then a field the schema does not know, which a strict schema must refuse.
      fc.oneof(
        { arbitrary: fc.constant(value), weight: 6 },
        { arbitrary: fc.constant({ ...value, householdId: ids[0], isAdmin: true }), weight: 1 },
      ),
    );
  return fc.oneof(
    { arbitrary: object.map((value): Body => ({ kind: "json", value })), weight: 10 },
    { arbitrary: hostile.map((value): Body => ({ kind: "json", value })), weight: 1 },
    {
      arbitrary: fc.constantFrom<Body>(
        { kind: "raw", text: deepArray, contentType: "application/json" },
        { kind: "raw", text: deepObject, contentType: "application/json" },
        { kind: "raw", text: '{"amount": 1', contentType: "application/json" },
        { kind: "raw", text: '{"a":1,"a":2}', contentType: "application/json" },
        { kind: "raw", text: "\uFEFF{}", contentType: "application/json" },
        { kind: "raw", text: "{}", contentType: "text/plain" },
      ),
      weight: 2,
    },
  );
}

function pathParam(route: Route): fc.Arbitrary<string> {
  const own = route.method === "DELETE" ? [] : [fc.constant(ownIdFor(route))];
  return fc.oneof(
    ...own,
    fc.uuid(),
    hostile.map((v) => (typeof v === "string" ? v : (JSON.stringify(v) ?? ""))),
  );
}

/** Household A's row for the route; never used with DELETE, which would take it from every later case. */
function ownIdFor(route: Route): string {
  return env.a.rows[collectionOf(route.path)] ?? randomUUID();
}

function queryArbitrary(route: Route): fc.Arbitrary<Record<string, unknown>> {
  const query = route.parameters.filter((p) => p.in === "query");
  return fc.record(Object.fromEntries(query.map((p) => [p.name, field(p.schema)])), {
    requiredKeys: query.filter((p) => p.required).map((p) => p.name),
  });
}

interface Case {
  id: string;
  query: Record<string, unknown>;
  body: Body;
  asKey: boolean;
}

function caseArbitrary(route: Route): fc.Arbitrary<Case> {
  return fc.record({
    id: pathParam(route),
    query: queryArbitrary(route),
    body: bodyArbitrary(route),
    asKey: route.method === "GET" ? fc.boolean() : fc.constant(false),
  });
}

// Node's HTTP parser refuses request heads over 16 KiB (431, before the app): with up to 6 query
// values per route, 2,000 characters each keeps every URL under it.
const MAX_URL_VALUE = 2_000;

/** Percent-encodes a value for a URL; a lone surrogate, which has no UTF-8, becomes invalid UTF-8 bytes. */
function encode(value: unknown): string {
  const text = (typeof value === "string" ? value : (JSON.stringify(value) ?? "")).slice(0, MAX_URL_VALUE);
  try {
    return encodeURIComponent(text);
  } catch {
    return "%ED%A0%80";
  }
}

function urlOf(route: Route, testCase: Case): string {
  const path = route.path.replace(/\{(\w+)\}/g, () => encode(testCase.id));
  const qs = Object.entries(testCase.query)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encode(value)}`)
    .join("&");
  return qs ? `${path}?${qs}` : path;
}

async function send(route: Route, testCase: Case): Promise<Reply<{ status?: number; code?: string }>> {
  const token = testCase.asKey ? env.a.apiKey : env.a.token;
  const { body } = testCase;
  if (body.kind === "none") return env.request(route.method, urlOf(route, testCase), { token });
  if (body.kind === "raw") {
    return env.request(route.method, urlOf(route, testCase), {
      token,
      body: body.text,
      headers: { "content-type": body.contentType },
    });
  }
  return env.request(route.method, urlOf(route, testCase), { token, body: JSON.stringify(body.value) ?? "null" });
}

/** Row count and a content hash of every table, in one round trip. */
async function fingerprint(): Promise<Record<string, string>> {
  // A sync an earlier, accepted request queued would otherwise be counted against this one.
  await env.server.deps.plaid?.queue.idle();
  const tables = await env.sql<{ name: string }[]>`
    select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`;
  const union = tables
    .filter(({ name }) => !VOLATILE_TABLES.has(name))
    .map(
      ({ name }) =>
        `select '${name}' as name, count(*)::text || ':' || coalesce(sum(hashtextextended(t::text, 0)), 0)::text as f from "${name}" t`,
    )
    .join(" union all ");
  const rows = await env.sql.unsafe<{ name: string; f: string }[]>(union);
  return Object.fromEntries(rows.map((r) => [r.name, r.f]));
}

function isProblem(reply: Reply<{ status?: number; code?: string }>): boolean {
  const type = reply.headers.get("content-type") ?? "";
  return (
    type.includes("application/problem+json") &&
    reply.body?.status === reply.status &&
    typeof reply.body?.code === "string"
  );
}

// Routes this file leaves out, and why.
const SKIPPED = new Map([
  // Would end the session every other case signs in with, were a valid password ever drawn.
  ["DELETE /me", "ends the member the fuzzer signs in as"],
  ["POST /auth/logout", "could end the fuzzer's own session"],
  // No exchange-rate provider in this run (it would be the network): a documented 503.
  ["POST /rates/refresh", "answers 503 rates_provider_off by configuration"],
]);

beforeAll(async () => {
  env = await startHouseholds();
  // Scheduled jobs (periodic syncs, recurring postings) would change tables between a
  // request and the check that it wrote nothing.
  await env.server.scheduler.stop();
  routes = (await fetchRoutes(env.url)).routes;
  ids = [...Object.values(env.a.rows), env.a.memberId, env.a.partnerId, ...Object.values(env.b.rows)];
  console.log(`fuzz seed ${SEED} (RESILIENCE_SEED to change), ${RUNS_PER_ROUTE} runs per route`);
});

afterAll(async () => {
  console.log(
    `fuzz: ${tally.tried} cases tried, ${tally.refused} refused (4xx), ${tally.accepted} accepted (2xx/3xx), ` +
      `${tally.serverErrors} 5xx, ${tally.writesFromRefused} writes from refused, ${tally.notProblemJson} errors not problem+json`,
  );
  await env?.stop();
});

describe("fuzzing every route from its schema", () => {
  it("never answers 5xx, answers errors as problems, and a refused write changes nothing", async () => {
    const failures: string[] = [];
    const fuzzed = routes.filter((r) => !SKIPPED.has(`${r.method} ${r.path}`));
    expect(fuzzed.length).toBeGreaterThan(80);
    for (const [index, route] of fuzzed.entries()) {
      const name = `${route.method} ${route.path}`;
      if (ONLY && !name.includes(ONLY)) continue;
      const property = fc.asyncProperty(caseArbitrary(route), async (testCase) => {
        const before = isWrite(route.method) ? await fingerprint() : null;
        if (ONLY) console.log(`case ${fc.stringify(testCase).slice(0, 300)}`);
        const reply = await send(route, testCase);
        tally.tried++;
        const what = `${name} → ${reply.status} ${reply.text.slice(0, 300)}`;
        if (reply.status >= 500) {
          tally.serverErrors++;
          throw new Error(`5xx: ${what}`);
        }
        if (reply.status >= 400) {
          tally.refused++;
          if (!isProblem(reply)) {
            tally.notProblemJson++;
            throw new Error(`not a problem+json body: ${what}`);
          }
          if (before) {
            const after = await fingerprint();
            const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
            if (changed.length > 0) {
              tally.writesFromRefused++;
              throw new Error(`refused but wrote to ${changed.join(", ")}: ${what}`);
            }
          }
        } else {
          tally.accepted++;
        }
      });
      const details = await fc.check(property, { seed: SEED + index, numRuns: RUNS_PER_ROUTE, endOnFailure: true });
      if (details.failed) {
        failures.push(
          `${name} (seed ${SEED + index}, path ${details.counterexamplePath}): ${String(details.errorInstance).slice(0, 600)}\n` +
            `  case: ${fc.stringify(details.counterexample).slice(0, 600)}`,
        );
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("boundary values that only break in sums", () => {
  // Every amount below is valid on its own (|n| ≤ 2^53 − 1, the schema's limit); their sums
  // are not. The fuzzer found GET /analytics/net-worth answering 500 this way (RESILIENCE_SEED=1).
  it("never answers 5xx on any read when a household holds amounts at the schema's limits", async () => {
    const { token } = env.b;
    const max = Number.MAX_SAFE_INTEGER;
    const made: number[] = [];
    for (const openingBalance of [max, max, -max]) {
      const reply = await env.request<{ id: string }>("POST", "/accounts", {
        token,
        body: { name: `Limit ${openingBalance}`, type: "checking", currency: "USD", openingBalance },
      });
      made.push(reply.status);
      if (reply.status === 201) {
        for (const amount of [max, -max, max]) {
          const tx = await env.request("POST", "/transactions", {
            token,
            body: { accountId: reply.body.id, date: "2026-03-02", amount, description: "At the limit" },
          });
          made.push(tx.status);
        }
      }
    }
    expect(
      made.every((s) => s === 201 || s === 422),
      `creation answered ${made}`,
    ).toBe(true);
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.method === "GET" && r.secured && !r.path.includes("{"))) {
      const reply = await env.request<{ code?: string }>("GET", route.path, { token });
      tally.tried++;
      if (reply.status < 400) tally.accepted++;
      else if (reply.status < 500) tally.refused++;
      else {
        tally.serverErrors++;
        failures.push(`GET ${route.path} → ${reply.status} ${reply.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
