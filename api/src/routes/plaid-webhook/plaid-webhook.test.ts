import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { base64url, decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { expectProblem, rowCounts } from "../../../test/expect";
import { createHousehold } from "../../../test/harness";
import {
  addFaults,
  control,
  createPlaidTestApi,
  expectMatchesTruth,
  itemRow,
  type LinkedBank,
  linkBank,
  type PlaidTestApi,
  postWebhook,
  signWebhook,
  syncRunsOf,
  webhookBody,
} from "../../../test/plaid-harness";
import { notifications, plaidWebhooks } from "../../db/schema";

interface Jwk {
  kid: string;
  x: string;
  y: string;
  expired_at: number | null;
}

let api: PlaidTestApi;
let home: Awaited<ReturnType<typeof createHousehold>>;
let bank: LinkedBank;

beforeAll(async () => {
  api = await createPlaidTestApi({ seed: 5 });
  home = await createHousehold(api);
  bank = await linkBank(api, home.alex.accessToken);
});
// Webhooks carry Plaid's real-time iat; keep the API's clock on real time too.
beforeEach(() => api.clock.set(new Date()));
afterEach(() => vi.restoreAllMocks());
afterAll(() => api.close());

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function storedWebhooks() {
  return api.deps.db.select().from(plaidWebhooks).orderBy(plaidWebhooks.receivedAt);
}

/** A verified SYNC_UPDATES_AVAILABLE for the bank, exactly as Plaid would send it. */
async function signedSyncWebhook() {
  const body = webhookBody(bank.plaidItemId);
  return { body, verification: await signWebhook(api, body) };
}

describe("a verified webhook", () => {
  it("is accepted, kept for audit, and queues a sync that reaches the truth", async () => {
    api.emulator.advance(2, [bank.plaidItemId]);
    const runsBefore = (await syncRunsOf(api, bank.id)).length;
    const { body, verification } = await signedSyncWebhook();
    const reply = await postWebhook(api, body, verification);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ received: true });
    await api.plaid.queue.idle();

    const [stored] = await storedWebhooks();
    expect(stored).toMatchObject({
      householdId: home.householdId,
      plaidItemId: bank.plaidItemId,
      webhookType: "TRANSACTIONS",
      webhookCode: "SYNC_UPDATES_AVAILABLE",
      payload: JSON.parse(body),
      outcome: "sync queued",
    });
    const runs = await syncRunsOf(api, bank.id);
    expect(runs).toHaveLength(runsBefore + 1);
    expect(runs.filter((r) => r.trigger === "webhook")).toMatchObject([{ status: "success" }]);
    await expectMatchesTruth(api, bank.id);
  });

  it("for an item we do not know is kept, and nothing else happens", async () => {
    const request = vi.spyOn(api.plaid.queue, "request");
    const body = webhookBody("someone-elses-item-id");
    const reply = await postWebhook(api, body, await signWebhook(api, body));
    expect(reply.status).toBe(200);
    expect(request).not.toHaveBeenCalled();
    expect((await storedWebhooks()).at(-1)).toMatchObject({
      householdId: null,
      plaidItemId: "someone-elses-item-id",
      outcome: "ignored: unknown item",
    });
  });

  it("that is not a JSON object is a 400, though its signature is good", async () => {
    const before = await rowCounts(api);
    for (const [body, code] of [
      ["{not json", "malformed_json"],
      ["[1,2]", "malformed_webhook"],
      ["null", "malformed_webhook"],
    ] as const) {
      expectProblem(await postWebhook(api, body, await signWebhook(api, body)), 400, code);
    }
    expect(await rowCounts(api)).toEqual(before);
  });
});

describe("forged webhooks are refused with 401 and change nothing", () => {
  let request: { mock: { calls: unknown[] } };
  let before: { counts: Record<string, number>; item: unknown };

  beforeAll(async () => {
    // Real changes wait at Plaid, so a forged webhook that slipped through would show.
    api.emulator.advance(3, [bank.plaidItemId]);
  });
  beforeEach(async () => {
    request = vi.spyOn(api.plaid.queue, "request");
    before = { counts: await rowCounts(api), item: await itemRow(api, bank.id) };
  });
  afterEach(async () => {
    await api.plaid.queue.idle();
    expect(request.mock.calls, "no sync was queued").toEqual([]);
    expect(await rowCounts(api)).toEqual(before.counts);
    expect(await itemRow(api, bank.id)).toEqual(before.item);
  });

  async function refused(body: string, verification: string | undefined) {
    expectProblem(await postWebhook(api, body, verification), 401, "webhook_unverified");
  }

  const payloadOf = (jwt: string) =>
    JSON.parse(new TextDecoder().decode(base64url.decode(jwt.split(".")[1]!))) as Record<string, unknown>;

  /** An emulator-signed JWT's header and payload, re-signed with a key that is not Plaid's. */
  async function resignedWithAnotherKey(verification: string, header = decodeProtectedHeader(verification)) {
    const { privateKey } = await generateKeyPair("ES256");
    return new SignJWT(payloadOf(verification)).setProtectedHeader({ ...header, alg: "ES256" }).sign(privateKey);
  }

  it("without the Plaid-Verification header", async () => {
    const { body } = await signedSyncWebhook();
    await refused(body, undefined);
    await refused(body, "");
  });

  it("re-signed with another ES256 key under Plaid's kid", async () => {
    const { body, verification } = await signedSyncWebhook();
    await refused(body, await resignedWithAnotherKey(verification));
  });

  it("with a body changed by one byte", async () => {
    const { body, verification } = await signedSyncWebhook();
    await refused(body.replace('"sandbox"', '"sandboy"'), verification);
  });

  it("with a body changed by whitespace only", async () => {
    const { body, verification } = await signedSyncWebhook();
    await refused(JSON.stringify(JSON.parse(body)), verification);
    await refused(`${body}\n`, verification);
    await refused(body.replace(/\n/g, "\r\n"), verification);
  });

  it("signed HS256 with the bytes of Plaid's public key", async () => {
    const { body, verification } = await signedSyncWebhook();
    const { kid } = decodeProtectedHeader(verification);
    const { keys } = await control<{ keys: Jwk[] }>(api, "/keys");
    const jwk = keys.find((k) => k.kid === kid)!;
    const payload = { ...payloadOf(verification), iat: nowSeconds() };
    for (const secret of [JSON.stringify(jwk), `${jwk.x}${jwk.y}`, jwk.x]) {
      const token = await new SignJWT(payload)
        .setProtectedHeader({ alg: "HS256", kid: kid! })
        .sign(new TextEncoder().encode(secret));
      await refused(body, token);
    }
  });

  it('with alg "none"', async () => {
    const { body, verification } = await signedSyncWebhook();
    const [, payload] = verification.split(".");
    const { kid } = decodeProtectedHeader(verification);
    const header = base64url.encode(JSON.stringify({ alg: "none", kid, typ: "JWT" }));
    await refused(body, `${header}.${payload}.`);
    await refused(body, `${header}.${payload}`);
  });

  it("with an iat more than five minutes old", async () => {
    const body = webhookBody(bank.plaidItemId);
    await refused(body, await signWebhook(api, body, { iat: nowSeconds() - 5 * 60 - 2 }));
    await refused(body, await signWebhook(api, body, { iat: nowSeconds() - 86_400 }));
  });

  it("under a kid Plaid does not know", async () => {
    const { body, verification } = await signedSyncWebhook();
    const header = { ...decodeProtectedHeader(verification), kid: randomUUID() };
    await refused(body, await resignedWithAnotherKey(verification, header));
  });

  it("that is not a JWT at all", async () => {
    const { body } = await signedSyncWebhook();
    for (const header of ["garbage", "Bearer abc", "a.b.c"]) await refused(body, header);
  });

  it("over 64 KiB, even when signed (413)", async () => {
    const body = webhookBody(bank.plaidItemId, "SYNC_UPDATES_AVAILABLE", "TRANSACTIONS", {
      padding: "x".repeat(64 * 1024),
    });
    const reply = await postWebhook(api, body, await signWebhook(api, body));
    expectProblem(reply, 413, "payload_too_large");
  });
});

describe("signing keys", () => {
  it("a webhook signed with a newly rotated key verifies (the unknown kid is fetched)", async () => {
    const { kid, previous_kid } = await control<{ kid: string; previous_kid: string }>(api, "/keys/rotate", {});
    const body = webhookBody(bank.plaidItemId, "DEFAULT_UPDATE");
    const verification = await signWebhook(api, body);
    expect(decodeProtectedHeader(verification).kid).toBe(kid);
    expect((await postWebhook(api, body, verification)).status).toBe(200);
    // The previous key was not expired, so its webhooks still verify.
    const old = await signWebhook(api, body, { kid: previous_kid });
    expect((await postWebhook(api, body, old)).status).toBe(200);
    await api.plaid.queue.idle();
    expect((await storedWebhooks()).filter((w) => w.webhookCode === "DEFAULT_UPDATE")).toHaveLength(2);
  });

  it("a webhook signed with a key Plaid has expired is refused", async () => {
    const { kid } = await control<{ kid: string }>(api, "/keys/rotate", {});
    await control(api, "/keys/expire", { kid });
    const request = vi.spyOn(api.plaid.queue, "request");
    const counts = await rowCounts(api);
    const { body, verification } = await signedSyncWebhook();
    expect(decodeProtectedHeader(verification).kid).toBe(kid);
    expectProblem(await postWebhook(api, body, verification), 401, "webhook_unverified");
    expect(request).not.toHaveBeenCalled();
    expect(await rowCounts(api)).toEqual(counts);
    // Plaid signs with a fresh key again.
    await control(api, "/keys/rotate", {});
  });
});

describe("50 identical webhooks at once", () => {
  async function burst() {
    const { body, verification } = await signedSyncWebhook();
    const replies = await Promise.all(Array.from({ length: 50 }, () => postWebhook(api, body, verification)));
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200));
  }

  async function expectBurstOutcome(runsBefore: number, webhooksBefore: number, most: number) {
    await api.plaid.queue.idle();
    const runs = (await syncRunsOf(api, bank.id)).slice(runsBefore);
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.length).toBeLessThanOrEqual(most);
    expect(runs.every((r) => r.status === "success")).toBe(true);
    const stored = (await storedWebhooks()).slice(webhooksBefore);
    expect(stored).toHaveLength(50);
    expect(stored.every((w) => w.outcome === "sync queued")).toBe(true);
    await expectMatchesTruth(api, bank.id);
  }

  it("are all accepted and cost at most two syncs, ending at the truth", async () => {
    api.emulator.advance(2, [bank.plaidItemId]);
    const runsBefore = (await syncRunsOf(api, bank.id)).length;
    const webhooksBefore = (await storedWebhooks()).length;
    await burst();
    await expectBurstOutcome(runsBefore, webhooksBefore, 2);
  });

  it("arriving while a sync runs cost one follow-up, which sees what the running one missed", async () => {
    const runsBefore = (await syncRunsOf(api, bank.id)).length;
    const webhooksBefore = (await storedWebhooks()).length;
    // A slow sync is under way when the news and the burst arrive.
    await addFaults(api, { kind: "DELAY", delay_ms: 300, item_id: bank.plaidItemId, count: 1 });
    const running = api.plaid.queue.request(bank.id, "periodic");
    await new Promise((resolve) => setTimeout(resolve, 50));
    api.emulator.advance(2, [bank.plaidItemId]);
    await burst();
    await running;
    await expectBurstOutcome(runsBefore, webhooksBefore, 2);
    expect((await syncRunsOf(api, bank.id)).slice(runsBefore)).toHaveLength(2);
  });
});

describe("ITEM webhooks", () => {
  async function send(code: string, extra: Record<string, unknown> = {}) {
    const body = webhookBody(bank.plaidItemId, code, "ITEM", extra);
    const reply = await postWebhook(api, body, await signWebhook(api, body));
    expect(reply.status).toBe(200);
    await api.plaid.queue.idle();
  }
  const notificationsOf = () =>
    api.deps.db.select().from(notifications).where(eq(notifications.householdId, home.householdId));

  it("ERROR ITEM_LOGIN_REQUIRED marks the bank and notifies once; LOGIN_REPAIRED heals it and syncs", async () => {
    const error = { error_type: "ITEM_ERROR", error_code: "ITEM_LOGIN_REQUIRED", error_message: "login", status: 400 };
    await send("ERROR", { error });
    await send("ERROR", { error });
    expect(await itemRow(api, bank.id)).toMatchObject({ status: "login_required", errorCode: "ITEM_LOGIN_REQUIRED" });
    // Once per event: one copy for each of the two members.
    expect((await notificationsOf()).filter((n) => n.kind === "bank_relogin")).toHaveLength(2);
    const listed = await api.request<{ items: { needsRelogin: boolean }[] }>("GET", "/plaid/items", {
      token: home.alex.accessToken,
    });
    expect(listed.body.items[0]!.needsRelogin).toBe(true);

    api.emulator.advance(1, [bank.plaidItemId]);
    const runsBefore = (await syncRunsOf(api, bank.id)).length;
    await send("LOGIN_REPAIRED");
    expect(await itemRow(api, bank.id)).toMatchObject({ status: "healthy", errorCode: null });
    const runs = await syncRunsOf(api, bank.id);
    expect(runs.slice(runsBefore)).toMatchObject([{ trigger: "relogin", status: "success" }]);
    await expectMatchesTruth(api, bank.id);
  });

  it("PENDING_EXPIRATION asks a member to sign in again, once", async () => {
    await send("PENDING_EXPIRATION", { consent_expiration_time: "2030-01-01T00:00:00Z" });
    await send("PENDING_EXPIRATION", { consent_expiration_time: "2030-01-01T00:00:00Z" });
    expect(await itemRow(api, bank.id)).toMatchObject({ status: "pending_expiration" });
    // Once per event: one copy for each of the two members.
    expect((await notificationsOf()).filter((n) => n.kind === "bank_connection")).toHaveLength(2);
  });
});
