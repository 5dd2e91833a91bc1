/**
 * Webhook forgery against the real API and the Plaid emulator's real signing keys: every
 * kind of forged Plaid-Verification, a replay of a genuine webhook past five minutes, the
 * genuine bytes with other whitespace, and oversized bodies. All are refused (401/413) and
 * nothing happens: no webhook recorded, no sync run, the item untouched. A genuine webhook,
 * and its replay within five minutes, are accepted, and the replay changes no data.
 */
import { createHash, createHmac, createSign, generateKeyPairSync, type KeyObject, randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Households, startHouseholds } from "./support/households";

let env: Households;
let itemId: string;
let plaidItemId: string;
let webhookUrl: string;
const tally = { tried: 0, refused: 0, queued: 0, genuineReplays: 0, duplicated: 0 };

const b64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");
const hashOf = (body: string) => createHash("sha256").update(body, "utf8").digest("hex");

const unixNow = () => Math.floor(Date.now() / 1000);

/** A JWT signed by hand, so any header (alg, kid) and any key can be forged. */
function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, sign: (input: string) => string) {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${sign(input)}`;
}
const es256 = (key: KeyObject) => (input: string) =>
  createSign("SHA256").update(input).sign({ key, dsaEncoding: "ieee-p1363" }).toString("base64url");
const hs256 = (secret: string) => (input: string) => createHmac("sha256", secret).update(input).digest("base64url");

function syncUpdates(item = plaidItemId): string {
  return JSON.stringify(
    {
      webhook_type: "TRANSACTIONS",
      webhook_code: "SYNC_UPDATES_AVAILABLE",
      item_id: item,
      initial_update_complete: true,
      historical_update_complete: true,
      environment: "sandbox",
    },
    null,
    2,
  );
}
function itemError(item = plaidItemId): string {
  return JSON.stringify(
    {
      webhook_type: "ITEM",
      webhook_code: "ERROR",
      item_id: item,
      error: { error_type: "ITEM_ERROR", error_code: "ITEM_LOGIN_REQUIRED", error_message: "forged", status: 400 },
      environment: "sandbox",
    },
    null,
    2,
  );
}

/** What a webhook could change: its audit rows, sync runs, the item, its transactions. */
async function effects() {
  const [counts] = await env.sql<{ webhooks: number; runs: number; transactions: number; notifications: number }[]>`
    select (select count(*)::int from plaid_webhooks) as webhooks,
           (select count(*)::int from plaid_sync_runs) as runs,
           (select count(*)::int from transactions) as transactions,
           (select count(*)::int from notifications) as notifications`;
  const [item] = await env.sql<{ status: string; cursor: string | null }[]>`
    select status, cursor, error_code, last_sync_at, updated_at from plaid_items where id = ${itemId}`;
  if (!item) throw new Error(`plaid item ${itemId} is gone`);
  return { ...counts!, item };
}

/**
 * POSTs with node:http and `Expect: 100-continue`, as curl does for large bodies: for an
 * oversized body the API answers 413 from Content-Length alone and closes the connection,
 * and a client still writing the body (fetch) sees the reset instead of the answer.
 */
function post(body: string, verification: string | null): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(body, "utf8");
    const req = httpRequest(webhookUrl, {
      method: "POST",
      // A fresh connection each time: after a 413 the API closes the one it answered on.
      agent: false,
      headers: {
        "content-type": "application/json",
        "content-length": String(payload.length),
        expect: "100-continue",
        ...(verification === null ? {} : { "plaid-verification": verification }),
      },
    });
    let answered = false;
    req.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      response.on("error", reject);
    });
    // EPIPE/ECONNRESET after the answer arrived is the server refusing to read the rest.
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    req.on("continue", () => req.end(payload));
  });
}

interface Forgery {
  name: string;
  expected: number;
  make(body: string): Promise<{ body: string; verification: string | null }>;
}

const realSign = (body: string, options: { iat?: number; kid?: string } = {}) => env.emulator.keys.sign(body, options);

function forgeries(): Forgery[] {
  const otherKey = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
  const kid = () => env.emulator.keys.currentKid;
  const claims = (body: string, iat = unixNow()) => ({ iat, request_body_sha256: hashOf(body) });
  const publicJwkText = () => JSON.stringify(env.emulator.keys.find(kid()));
  return [
    { name: "missing header", expected: 401, make: async (body) => ({ body, verification: null }) },
    { name: "empty header", expected: 401, make: async (body) => ({ body, verification: "" }) },
    { name: "garbage header", expected: 401, make: async (body) => ({ body, verification: "not.a.jwt" }) },
    {
      name: "bad signature (another key, the real kid)",
      expected: 401,
      make: async (body) => ({
        body,
        verification: jwt({ alg: "ES256", kid: kid(), typ: "JWT" }, claims(body), es256(otherKey)),
      }),
    },
    {
      name: "signature of another token",
      expected: 401,
      make: async (body) => {
        const genuine = await realSign(body);
        const other = await realSign(`${body} `);
        return { body, verification: `${genuine.split(".").slice(0, 2).join(".")}.${other.split(".")[2]}` };
      },
    },
    {
      name: "tampered body (genuine token, one field changed)",
      expected: 401,
      make: async (body) => ({ body: body.replace("sandbox", "production"), verification: await realSign(body) }),
    },
    {
      name: "HS256 keyed with the public key",
      expected: 401,
      make: async (body) => ({
        body,
        verification: jwt({ alg: "HS256", kid: kid(), typ: "JWT" }, claims(body), hs256(publicJwkText())),
      }),
    },
    {
      name: "alg none",
      expected: 401,
      make: async (body) => ({
        body,
        verification: jwt({ alg: "none", kid: kid(), typ: "JWT" }, claims(body), () => ""),
      }),
    },
    {
      name: "stale iat (6 minutes old, real key)",
      expected: 401,
      make: async (body) => ({ body, verification: await realSign(body, { iat: unixNow() - 6 * 60 }) }),
    },
    {
      name: "iat 5 minutes in the future (real key)",
      expected: 401,
      make: async (body) => ({ body, verification: await realSign(body, { iat: unixNow() + 5 * 60 }) }),
    },
    {
      name: "unknown kid",
      expected: 401,
      make: async (body) => ({
        body,
        verification: jwt({ alg: "ES256", kid: randomUUID(), typ: "JWT" }, claims(body), es256(otherKey)),
      }),
    },
    {
      name: "no kid",
      expected: 401,
      make: async (body) => ({ body, verification: jwt({ alg: "ES256", typ: "JWT" }, claims(body), es256(otherKey)) }),
    },
    {
      name: "no request_body_sha256 claim",
      expected: 401,
      make: async (body) => ({
        body,
        verification: jwt({ alg: "ES256", kid: kid(), typ: "JWT" }, { iat: unixNow() }, es256(otherKey)),
      }),
    },
    {
      name: "same JSON, other whitespace (genuine token of the pretty-printed bytes)",
      expected: 401,
      make: async (body) => ({ body: JSON.stringify(JSON.parse(body)), verification: await realSign(body) }),
    },
    {
      name: "same JSON, a trailing newline",
      expected: 401,
      make: async (body) => ({ body: `${body}\n`, verification: await realSign(body) }),
    },
    {
      name: "oversized body (>1 MB), genuinely signed",
      expected: 413,
      make: async (body) => {
        const big = body.replace('"sandbox"', `"sandbox", "padding": "${"x".repeat(1024 * 1024 + 10)}"`);
        return { body: big, verification: await realSign(big) };
      },
    },
    {
      name: "oversized body (>64 KiB, the webhook route's limit), genuinely signed",
      expected: 413,
      make: async (body) => {
        const big = body.replace('"sandbox"', `"sandbox", "padding": "${"x".repeat(70 * 1024)}"`);
        return { body: big, verification: await realSign(big) };
      },
    },
    {
      name: "oversized body (>1 MB), unsigned",
      expected: 413,
      make: async (body) => ({ body: `${body}${" ".repeat(1024 * 1024 + 10)}`, verification: null }),
    },
  ];
}

beforeAll(async () => {
  env = await startHouseholds();
  itemId = env.a.rows["/plaid/items"]!;
  const [row] = await env.sql<{ plaid_item_id: string }[]>`select plaid_item_id from plaid_items where id = ${itemId}`;
  plaidItemId = row!.plaid_item_id;
  webhookUrl = `${env.url}/plaid/webhook`;
});

afterAll(async () => {
  console.log(
    `webhook forgery: ${tally.tried} forged/stale webhooks tried, ${tally.refused} refused, ${tally.queued} queued; ` +
      `${tally.genuineReplays} genuine replays within 5 min accepted, ${tally.duplicated} duplicated transactions`,
  );
  await env?.stop();
});

describe("forged Plaid webhooks", () => {
  it("refuses every forgery kind, for a sync trigger and an item error alike, and nothing happens", async () => {
    const before = await effects();
    const wrong: string[] = [];
    for (const forgery of forgeries()) {
      for (const [payload, genuineBody] of [
        ["SYNC_UPDATES_AVAILABLE", syncUpdates()],
        ["ITEM ERROR", itemError()],
      ] as const) {
        const { body, verification } = await forgery.make(genuineBody);
        const reply = await post(body, verification);
        tally.tried++;
        if (reply.status === forgery.expected) tally.refused++;
        else wrong.push(`${forgery.name} (${payload}): ${reply.status} ${reply.text.slice(0, 200)}`);
      }
    }
    await env.server.deps.plaid!.queue.idle();
    const after = await effects();
    if (after.runs !== before.runs || after.webhooks !== before.webhooks) tally.queued++;
    expect(wrong).toEqual([]);
    expect(after).toEqual(before);
  });

  it("refuses a key Plaid has expired, even with a valid signature", async () => {
    const before = await effects();
    // A key the API has not cached yet, so it learns of the expiry when it fetches the key.
    const { kid } = env.emulator.keys.rotate();
    env.emulator.keys.expire(kid);
    const body = syncUpdates();
    const reply = await post(body, await realSign(body, { kid }));
    env.emulator.keys.rotate(); // genuine webhooks after this are signed with a live key again
    tally.tried++;
    if (reply.status === 401) tally.refused++;
    await env.server.deps.plaid!.queue.idle();
    expect(reply.status).toBe(401);
    expect(await effects()).toEqual(before);
  });

  it("refuses a genuine webhook replayed past five minutes", async () => {
    const body = syncUpdates();
    // What an attacker holding a captured webhook has 6 minutes later: the same bytes and a
    // token whose iat is 6 minutes before the API's clock.
    const captured = await realSign(body, { iat: unixNow() - 6 * 60 - 1 });
    const before = await effects();
    const reply = await post(body, captured);
    tally.tried++;
    if (reply.status === 401) tally.refused++;
    await env.server.deps.plaid!.queue.idle();
    expect(reply.status).toBe(401);
    expect(await effects()).toEqual(before);
  });

  it("accepts a genuine webhook and its replays within five minutes, which add nothing", async () => {
    const genuine = await env.emulator.webhooks.send(webhookUrl, JSON.parse(syncUpdates()));
    expect(genuine.status).toBe(200);
    await env.server.deps.plaid!.queue.idle();
    const afterGenuine = await effects();
    expect(afterGenuine.item.status).toBe("healthy");

    // The same bytes and token, five times at once: coalesced into at most two syncs.
    const replies = await Promise.all(Array.from({ length: 5 }, () => post(genuine.body, genuine.verification)));
    tally.genuineReplays += replies.filter((r) => r.status === 200).length;
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await env.server.deps.plaid!.queue.idle();
    const afterReplays = await effects();
    expect(afterReplays.runs - afterGenuine.runs).toBeLessThanOrEqual(2);
    // Plaid had nothing new: no transaction added, duplicated or removed, the item as it was.
    expect(afterReplays.transactions).toBe(afterGenuine.transactions);
    expect(afterReplays.item.status).toBe("healthy");
    expect(afterReplays.item.cursor).toBe(afterGenuine.item.cursor);
    const [duplicates] = await env.sql<{ n: number }[]>`
      select count(*)::int as n from (
        select source_id from transactions where source = 'plaid' group by source_id having count(*) > 1) d`;
    const n = duplicates?.n ?? 0;
    tally.duplicated += n;
    expect(n).toBe(0);
  });
});
