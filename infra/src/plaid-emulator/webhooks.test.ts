import { createHash } from "node:crypto";
import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { SandboxItemFireWebhookRequestWebhookCodeEnum as Code, type PlaidApi, Products } from "plaid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPlaidEmulator, startPlaidEmulator } from "./index";
import {
  control,
  plaidClient,
  plaidFailure,
  type ReceivedWebhook,
  startWebhookReceiver,
  type WebhookReceiver,
} from "./test-support";

let emulator: RunningPlaidEmulator;
let plaid: PlaidApi;
let receiver: WebhookReceiver;

beforeAll(async () => {
  emulator = await startPlaidEmulator({ port: 0, seed: 41 });
  plaid = plaidClient(emulator.url);
  receiver = await startWebhookReceiver();
});

afterAll(async () => {
  await emulator.close();
  await receiver.close();
});

async function linkedItem(webhook: string | null = receiver.url) {
  const { data } = await plaid.sandboxPublicTokenCreate({
    institution_id: "ins_109508",
    initial_products: [Products.Transactions],
    options: webhook ? { webhook } : {},
  });
  return (await plaid.itemPublicTokenExchange({ public_token: data.public_token })).data;
}

/** Verification the way Plaid documents it, and the way the API must do it. */
async function verify(hook: ReceivedWebhook) {
  const token = hook.headers["plaid-verification"];
  if (typeof token !== "string") throw new Error("no Plaid-Verification header");
  const header = decodeProtectedHeader(token);
  const { data } = await plaid.webhookVerificationKeyGet({ key_id: header.kid! });
  const key = await importJWK({ ...data.key }, "ES256");
  const { payload } = await jwtVerify(token, key, { algorithms: ["ES256"], maxTokenAge: "5 min" });
  return { header, payload, key: data.key };
}

const forItem = (itemId: string, code: string) => (h: ReceivedWebhook) =>
  h.body.item_id === itemId && h.body.webhook_code === code;

describe("webhooks", () => {
  it("signs each webhook with an ES256 JWT over the SHA-256 of the exact body", async () => {
    const item = await linkedItem();
    const { data } = await plaid.sandboxItemFireWebhook({
      access_token: item.access_token,
      webhook_code: Code.SyncUpdatesAvailable,
    });
    expect(data.webhook_fired).toBe(true);
    const hook = await receiver.waitFor(forItem(item.item_id, "SYNC_UPDATES_AVAILABLE"));
    expect(hook.body).toEqual({
      webhook_type: "TRANSACTIONS",
      webhook_code: "SYNC_UPDATES_AVAILABLE",
      item_id: item.item_id,
      initial_update_complete: true,
      historical_update_complete: true,
      environment: "sandbox",
    });

    const { header, payload, key } = await verify(hook);
    expect(header).toEqual({ alg: "ES256", kid: key.kid, typ: "JWT" });
    expect(Object.keys(payload).sort()).toEqual(["iat", "request_body_sha256"]);
    expect(payload.request_body_sha256).toBe(createHash("sha256").update(hook.raw).digest("hex"));
    expect(Math.abs(Date.now() / 1000 - payload.iat!)).toBeLessThan(300);
    expect(key).toMatchObject({ alg: "ES256", crv: "P-256", kty: "EC", use: "sig", expired_at: null });
    expect(typeof key.created_at).toBe("number");
    // Re-serialising the parsed body does not reproduce the signed bytes: receivers must hash the raw body.
    expect(createHash("sha256").update(JSON.stringify(hook.body)).digest("hex")).not.toBe(payload.request_body_sha256);
  });

  it("sends SYNC_UPDATES_AVAILABLE on new data, once the Item has been synced", async () => {
    const item = await linkedItem();
    let advanced = await control<{ items: { webhook_fired: boolean }[] }>(emulator.url, "/advance", {
      items: [item.item_id],
      days: 1,
    });
    expect(advanced.items[0]!.webhook_fired).toBe(false);

    await plaid.transactionsSync({ access_token: item.access_token });
    advanced = await control(emulator.url, "/advance", { items: [item.item_id], days: 1 });
    expect(advanced.items[0]!.webhook_fired).toBe(true);
    const hook = await receiver.waitFor(forItem(item.item_id, "SYNC_UPDATES_AVAILABLE"));
    await verify(hook);
  });

  it("fires the ITEM webhooks Plaid documents", async () => {
    const item = await linkedItem();
    for (const code of [
      Code.PendingDisconnect,
      Code.UserPermissionRevoked,
      Code.LoginRepaired,
      Code.NewAccountsAvailable,
    ]) {
      await plaid.sandboxItemFireWebhook({ access_token: item.access_token, webhook_code: code });
    }
    // PENDING_EXPIRATION is not in the SDK's enum for this endpoint but Plaid sends it for EU Items.
    await plaid.sandboxItemFireWebhook({ access_token: item.access_token, webhook_code: "PENDING_EXPIRATION" as Code });

    const disconnect = await receiver.waitFor(forItem(item.item_id, "PENDING_DISCONNECT"));
    expect(disconnect.body).toMatchObject({
      webhook_type: "ITEM",
      reason: "INSTITUTION_TOKEN_EXPIRATION",
      disconnect_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/),
    });
    const revoked = await receiver.waitFor(forItem(item.item_id, "USER_PERMISSION_REVOKED"));
    expect(revoked.body).toMatchObject({
      webhook_type: "ITEM",
      error: { error_type: "ITEM_ERROR", error_code: "USER_PERMISSION_REVOKED" },
    });
    const repaired = await receiver.waitFor(forItem(item.item_id, "LOGIN_REPAIRED"));
    expect(repaired.body).toEqual({
      webhook_type: "ITEM",
      webhook_code: "LOGIN_REPAIRED",
      item_id: item.item_id,
      environment: "sandbox",
    });
    const expiring = await receiver.waitFor(forItem(item.item_id, "PENDING_EXPIRATION"));
    expect(expiring.body).toMatchObject({ webhook_type: "ITEM", consent_expiration_time: expect.any(String) });
    await receiver.waitFor(forItem(item.item_id, "NEW_ACCOUNTS_AVAILABLE"));
    for (const hook of receiver.received.filter((h) => h.body.item_id === item.item_id)) await verify(hook);
  });

  it("refuses to fire for an Item without a webhook URL", async () => {
    const item = await linkedItem(null);
    const failure = await plaidFailure(
      plaid.sandboxItemFireWebhook({ access_token: item.access_token, webhook_code: Code.SyncUpdatesAvailable }),
    );
    expect(failure.data).toMatchObject({ error_type: "SANDBOX_ERROR", error_code: "SANDBOX_WEBHOOK_INVALID" });
  });
});

describe("verification keys", () => {
  it("rotates to a new kid, keeps the old key fetchable, and reports expiry", async () => {
    const item = await linkedItem();
    const { current_kid: oldKid } = await control<{ current_kid: string }>(emulator.url, "/keys");
    const rotated = await control<{ kid: string; previous_kid: string }>(emulator.url, "/keys/rotate", {});
    expect(rotated.previous_kid).toBe(oldKid);
    expect(rotated.kid).not.toBe(oldKid);

    await plaid.sandboxItemFireWebhook({ access_token: item.access_token, webhook_code: Code.DefaultUpdate });
    const hook = await receiver.waitFor(forItem(item.item_id, "DEFAULT_UPDATE"));
    const { header } = await verify(hook);
    expect(header.kid).toBe(rotated.kid);

    const { data: old } = await plaid.webhookVerificationKeyGet({ key_id: oldKid });
    expect(old.key.expired_at).toBeNull();
    await control(emulator.url, "/keys/expire", { kid: oldKid });
    const { data: expired } = await plaid.webhookVerificationKeyGet({ key_id: oldKid });
    expect(expired.key.expired_at).toBeGreaterThan(0);

    const unknown = await plaidFailure(plaid.webhookVerificationKeyGet({ key_id: "no-such-kid" }));
    expect(unknown.status).toBe(400);
    expect(unknown.data).toMatchObject({
      error_type: "INVALID_INPUT",
      error_code: "INVALID_WEBHOOK_VERIFICATION_KEY_ID",
    });
  });

  it("can sign arbitrary bodies for tests of a receiver's refusals", async () => {
    const body = '{"webhook_type":"TRANSACTIONS"}';
    const signed = await control<{ verification: string; request_body_sha256: string }>(
      emulator.url,
      "/webhooks/sign",
      {
        body,
        iat: 1_000,
      },
    );
    const { data } = await plaid.webhookVerificationKeyGet({ key_id: decodeProtectedHeader(signed.verification).kid! });
    const { payload } = await jwtVerify(signed.verification, await importJWK({ ...data.key }, "ES256"));
    expect(payload).toEqual({ iat: 1_000, request_body_sha256: signed.request_body_sha256 });
  });
});
