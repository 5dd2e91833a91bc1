import { randomUUID } from "node:crypto";
import type { PlaidItem } from "@tandem/shared";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, rowCounts } from "../../../test/expect";
import { createHousehold, createTestApi, type Reply } from "../../../test/harness";
import {
  accessTokenOf,
  addFaults,
  captureOutput,
  control,
  createPlaidTestApi,
  expectMatchesTruth,
  itemRow,
  type LinkedBank,
  linkBank,
  type PlaidTestApi,
  postWebhook,
  signWebhook,
  syncedTransactions,
  TEST_APP_SECRET_KEYS,
  webhookBody,
} from "../../../test/plaid-harness";
import { createKeyRing } from "../../crypto/fernet";
import { rows } from "../../db/client";
import { accounts, notifications, plaidItems } from "../../db/schema";

interface SyncResult {
  status: string;
  errorCode?: string;
  added: number;
  modified: number;
  removed: number;
  skipped: number;
  durationMs: number;
}

let api: PlaidTestApi;
let home: Awaited<ReturnType<typeof createHousehold>>;
let bank: LinkedBank;
/** Every reply this file gets, so no access token can hide in one. */
const replies: Reply<unknown>[] = [];

async function call<T = unknown>(method: string, path: string, options: Parameters<PlaidTestApi["request"]>[2] = {}) {
  const reply = await api.request<T>(method, path, { token: home.alex.accessToken, ...options });
  replies.push(reply);
  return reply;
}

async function items(): Promise<PlaidItem[]> {
  const reply = await call<{ items: PlaidItem[] }>("GET", "/plaid/items");
  expect(reply.status).toBe(200);
  return reply.body.items;
}

const itemOf = async (id: string) => (await items()).find((i) => i.id === id)!;

/** The manual sync button, past its cooldown. */
async function manualSync(id: string) {
  api.clock.advance(31_000);
  const reply = await call<SyncResult>("POST", `/plaid/items/${id}/sync`);
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return reply.body;
}

beforeAll(async () => {
  api = await createPlaidTestApi({ seed: 3 });
  home = await createHousehold(api);
  bank = await linkBank(api, home.alex.accessToken);
});
afterAll(async () => {
  // Whatever else happened, no reply of this file carried a Plaid access token or secret.
  for (const reply of replies) {
    const text = JSON.stringify(reply.body);
    expect(text).not.toContain("access-sandbox");
    expect(text).not.toContain(api.emulator.secret);
  }
  await api.close();
});

describe("linking a bank", () => {
  it("lists the linked bank with its state and accounts", async () => {
    const [item] = await items();
    const linked = await api.deps.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.plaidItemId, bank.id));
    expect(item).toMatchObject({
      id: bank.id,
      institutionId: "ins_109508",
      institutionName: "First Platypus Bank",
      status: "healthy",
      needsRelogin: false,
      errorCode: null,
      linkedBy: home.alex.member.id,
      removedAt: null,
    });
    expect(Date.parse(item!.lastSuccessAt!)).not.toBeNaN();
    expect(item!.lastSyncAt).toBe(item!.lastSuccessAt);
    expect([...item!.accountIds].sort()).toEqual(linked.map((a) => a.id).sort());
    expect(item!.accountIds).toHaveLength(api.emulator.truth(bank.plaidItemId).accounts.length);
    // The other member sees the same bank.
    const blair = await call<{ items: PlaidItem[] }>("GET", "/plaid/items", { token: home.blair.accessToken });
    expect(blair.body.items).toEqual([item]);
    await expectMatchesTruth(api, bank.id);
  });

  it("stores the access token only as a Fernet token under the app's key", async () => {
    const row = await itemRow(api, bank.id);
    expect(row.accessTokenEncrypted).toMatch(/^gAAAAA[A-Za-z0-9_-]+=*$/);
    const token = createKeyRing(TEST_APP_SECRET_KEYS).decrypt(row.accessTokenEncrypted);
    expect(token).toMatch(/^access-sandbox-/);
    expect(api.emulator.state.itemForAccessToken(token).itemId).toBe(bank.plaidItemId);
    // Nowhere in the table in the clear.
    const [dump] = rows<{ text: string }>(
      await api.deps.db.execute(sql`select json_agg(p)::text as text from plaid_items p`),
    );
    expect(dump!.text).not.toContain("access-sandbox");
    // A ring that has rotated to a new key still reads it; a ring without the key cannot.
    expect(
      createKeyRing(["a-newer-key-for-rotation-0123456789", ...TEST_APP_SECRET_KEYS]).decrypt(row.accessTokenEncrypted),
    ).toBe(token);
    expect(() => createKeyRing(["some-other-key-0123456789abcdef"]).decrypt(row.accessTokenEncrypted)).toThrow();
  });

  it("gives Link a token to connect a bank, and one in update mode for an existing bank", async () => {
    const create = await call<{ linkToken: string; mode: string; expiration: string }>("POST", "/plaid/link-token", {
      body: {},
    });
    expect(create.status).toBe(200);
    expect(create.body).toMatchObject({ mode: "create", linkToken: expect.stringMatching(/^link-sandbox-/) });
    expect(api.emulator.state.findLinkToken(create.body.linkToken)).toMatchObject({ itemId: null, redirectUri: null });

    const update = await call<{ linkToken: string; mode: string }>("POST", "/plaid/link-token", {
      body: { itemId: bank.id },
    });
    expect(update.body.mode).toBe("update");
    expect(api.emulator.state.findLinkToken(update.body.linkToken)).toMatchObject({ itemId: bank.plaidItemId });

    expectProblem(await call("POST", "/plaid/link-token", { body: { itemId: randomUUID() } }), 404, "not_found");
  });

  it("refuses a public token Plaid does not know, storing nothing", async () => {
    const before = await rowCounts(api);
    const reply = await call("POST", "/plaid/exchange", { body: { publicToken: "public-sandbox-not-a-real-one" } });
    const problem = expectProblem(reply, 400, "plaid_error");
    expect(problem.detail).toContain("INVALID_PUBLIC_TOKEN");
    expect(await rowCounts(api)).toEqual(before);
  });

  it("updates the stored bank when the same login is linked again, and keeps it from another household", async () => {
    const { state } = api.emulator;
    const again = await call<PlaidItem>("POST", "/plaid/exchange", {
      body: { publicToken: state.issuePublicToken(state.requireItem(bank.plaidItemId)) },
    });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(bank.id);
    await api.plaid.queue.idle();
    expect(await items()).toHaveLength(1);

    const other = await createHousehold(api, "Elsewhere");
    const before = await rowCounts(api);
    const stolen = await call("POST", "/plaid/exchange", {
      token: other.alex.accessToken,
      body: { publicToken: state.issuePublicToken(state.requireItem(bank.plaidItemId)) },
    });
    expectProblem(stolen, 409, "item_linked_elsewhere");
    expect(await rowCounts(api)).toEqual(before);
    await expectMatchesTruth(api, bank.id);
  });
});

describe("syncing by hand", () => {
  it("returns what changed, then asks the caller to wait 30 s", async () => {
    api.emulator.advance(3, [bank.plaidItemId]);
    const first = await manualSync(bank.id);
    expect(first).toMatchObject({ status: "success" });
    expect(first.added + first.modified + first.removed).toBeGreaterThan(0);
    await expectMatchesTruth(api, bank.id);

    api.clock.advance(10_000);
    const tooSoon = await call("POST", `/plaid/items/${bank.id}/sync`);
    expectProblem(tooSoon, 429, "sync_too_soon");
    expect(Number(tooSoon.headers.get("retry-after"))).toBe(20);

    api.clock.advance(20_000);
    const second = await call<SyncResult>("POST", `/plaid/items/${bank.id}/sync`);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ status: "success", added: 0, modified: 0, removed: 0 });
  });

  it("logs every sync, newest first", async () => {
    const reply = await call<{ items: { trigger: string; status: string; added: number; startedAt: string }[] }>(
      "GET",
      `/plaid/items/${bank.id}/sync-runs`,
    );
    expect(reply.status).toBe(200);
    const runs = reply.body.items;
    expect(runs.slice(0, 2).map((r) => [r.trigger, r.status, r.added])).toEqual([
      ["manual", "success", 0],
      ["manual", "success", expect.any(Number)],
    ]);
    expect(runs.at(-1)).toMatchObject({ trigger: "link", status: "success" });
    const times = runs.map((r) => Date.parse(r.startedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expectProblem(await call("GET", `/plaid/items/${randomUUID()}/sync-runs`), 404);
  });
});

describe("a bank that needs its login again", () => {
  it("is marked, notifies once however often it fails, offers update mode, and recovers after repair", async () => {
    await api.plaid.client.sandboxItemResetLogin({ access_token: await accessTokenOf(api, bank.id) });
    for (let i = 0; i < 3; i++) {
      expect(await manualSync(bank.id)).toMatchObject({ status: "error", errorCode: "ITEM_LOGIN_REQUIRED" });
    }
    expect(await itemOf(bank.id)).toMatchObject({
      status: "login_required",
      needsRelogin: true,
      errorCode: "ITEM_LOGIN_REQUIRED",
      lastErrorAt: expect.any(String),
    });
    const notes = await api.deps.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.householdId, home.householdId), eq(notifications.kind, "bank_relogin")));
    // Once per event: one copy for each member.
    expect(notes.map((n) => n.userId).sort()).toEqual([home.alex.member.id, home.blair.member.id].sort());
    expect(notes).toMatchObject([
      { kind: "bank_relogin", title: expect.stringContaining("First Platypus") },
      { kind: "bank_relogin", title: expect.stringContaining("First Platypus") },
    ]);

    const link = await call<{ linkToken: string; mode: string }>("POST", "/plaid/link-token", {
      body: { itemId: bank.id },
    });
    expect(link.body.mode).toBe("update");
    // The member finishes Link in update mode.
    await control(api, "/link/complete", { link_token: link.body.linkToken });

    expect(await manualSync(bank.id)).toMatchObject({ status: "success" });
    expect(await itemOf(bank.id)).toMatchObject({ status: "healthy", needsRelogin: false, errorCode: null });
    await expectMatchesTruth(api, bank.id);
  });

  it("notifies again for a new episode after a good sync", async () => {
    await control(api, `/items/${bank.plaidItemId}/reset_login`, {});
    expect(await manualSync(bank.id)).toMatchObject({ status: "error", errorCode: "ITEM_LOGIN_REQUIRED" });
    const notes = await api.deps.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.householdId, home.householdId), eq(notifications.kind, "bank_relogin")));
    expect(notes).toHaveLength(4); // two episodes, two members
    await control(api, `/items/${bank.plaidItemId}/repair`, { webhook: false });
    expect(await manualSync(bank.id)).toMatchObject({ status: "success" });
  });
});

describe("a bank whose consent is expiring", () => {
  it("needs a person until the member finishes Link in update mode and says so", async () => {
    const body = webhookBody(bank.plaidItemId, "PENDING_EXPIRATION", "ITEM", {
      consent_expiration_time: "2026-12-01T00:00:00Z",
    });
    const signed = await signWebhook(api, body);
    expect((await postWebhook(api, body, signed)).status).toBe(200);
    expect(await itemOf(bank.id)).toMatchObject({ status: "pending_expiration", needsRelogin: true });
    expect(await manualSync(bank.id)).toMatchObject({ status: "success" });
    expect(await itemOf(bank.id)).toMatchObject({ status: "pending_expiration", needsRelogin: true });

    const link = await call<{ linkToken: string }>("POST", "/plaid/link-token", { body: { itemId: bank.id } });
    await control(api, "/link/complete", { link_token: link.body.linkToken });
    const repaired = await call<PlaidItem>("POST", `/plaid/items/${bank.id}/repaired`);
    expect(repaired.status).toBe(200);
    expect(repaired.body).toMatchObject({ status: "healthy", needsRelogin: false });
    await api.plaid.queue.idle();
  });
});

describe("secrets", () => {
  it("never reach a log line: failed syncs, a bad exchange, Plaid outages, refused webhooks", async () => {
    const { output } = await captureOutput(async () => {
      await addFaults(
        api,
        { kind: "INTERNAL_SERVER_ERROR", item_id: bank.plaidItemId, count: 5 },
        { kind: "RATE_LIMIT_EXCEEDED", item_id: bank.plaidItemId, count: 2 },
        { kind: "ITEM_LOGIN_REQUIRED", item_id: bank.plaidItemId, count: 1 },
      );
      for (let i = 0; i < 3; i++) await manualSync(bank.id);
      expectProblem(await call("POST", "/plaid/exchange", { body: { publicToken: "public-sandbox-bogus" } }), 400);
      await addFaults(api, { endpoint: "/link/token/create", kind: "INTERNAL_SERVER_ERROR", count: 5 });
      expectProblem(await call("POST", "/plaid/link-token", { body: { itemId: bank.id } }), 502, "plaid_error");
      await control(api, "/faults", undefined, "DELETE");
      const body = webhookBody(bank.plaidItemId);
      const verification = await signWebhook(api, body);
      expectProblem(await postWebhook(api, `${body} `, verification), 401, "webhook_unverified");
      expectProblem(await postWebhook(api, body, `${verification}x`), 401, "webhook_unverified");
    });
    // The capture heard the API (the refused webhooks are logged as warnings).
    expect(output).toContain("plaid webhook refused");
    const accessToken = await accessTokenOf(api, bank.id);
    expect(output).not.toContain(api.emulator.secret);
    expect(output).not.toContain("access-");
    expect(output).not.toContain(accessToken);
    expect(output).not.toContain(TEST_APP_SECRET_KEYS[0]);
    expect(output).not.toMatch(/PLAID-SECRET/i);
    expect(await manualSync(bank.id)).toMatchObject({ status: "success" });
  });
});

describe("removing a bank", () => {
  it("unlinks it at Plaid and keeps its accounts and transactions as history", async () => {
    const accessToken = await accessTokenOf(api, bank.id);
    const synced = await syncedTransactions(api, bank.id);
    const { accountIds } = await itemOf(bank.id);
    const before = await rowCounts(api);
    const removed = await call("DELETE", `/plaid/items/${bank.id}`, { token: home.blair.accessToken });
    expect(removed.status).toBe(204);

    // Plaid no longer accepts the token: the item is gone there.
    const refused = await api.plaid.client.itemGet({ access_token: accessToken }).catch((e: unknown) => e);
    expect((refused as { response?: { data?: { error_code?: string } } }).response?.data?.error_code).toBe(
      "INVALID_ACCESS_TOKEN",
    );
    const item = await itemOf(bank.id);
    expect(item).toMatchObject({ status: "removed", needsRelogin: false, removedAt: expect.any(String) });
    expect(item.accountIds).toEqual(accountIds);
    expect(await syncedTransactions(api, bank.id)).toEqual(synced);
    expect(await rowCounts(api)).toEqual(before);
    // Nothing left to decrypt.
    const [row] = await api.deps.db.select().from(plaidItems).where(eq(plaidItems.id, bank.id));
    expect(row).toMatchObject({ accessTokenEncrypted: "", cursor: null });

    expectProblem(await call("POST", `/plaid/items/${bank.id}/sync`), 409, "item_removed");
    expectProblem(await call("POST", "/plaid/link-token", { body: { itemId: bank.id } }), 409, "item_removed");
    expect((await call("DELETE", `/plaid/items/${bank.id}`)).status).toBe(204);
    expect(await api.plaid.queue.request(bank.id, "periodic")).toMatchObject({ status: "skipped" });
    expect(await rowCounts(api)).toEqual(before);
  });
});

describe("without Plaid configured", () => {
  it("answers 503 plaid_not_configured on the bank routes", async () => {
    const bare = await createTestApi();
    try {
      const { alex } = await createHousehold(bare);
      const token = alex.accessToken;
      const id = randomUUID();
      for (const [method, path, body] of [
        ["POST", "/plaid/link-token", {}],
        ["POST", "/plaid/exchange", { publicToken: "public-sandbox-x" }],
        ["POST", `/plaid/items/${id}/sync`, undefined],
        ["DELETE", `/plaid/items/${id}`, undefined],
      ] as const) {
        expectProblem(await bare.request(method, path, { token, body }), 503, "plaid_not_configured");
      }
      const webhook = await bare.request("POST", "/plaid/webhook", {
        body: "{}",
        headers: { "plaid-verification": "x" },
      });
      expectProblem(webhook, 503, "plaid_not_configured");
      // Listing needs no Plaid: there is simply nothing linked.
      expect((await bare.request("GET", "/plaid/items", { token })).body).toEqual({ items: [] });
    } finally {
      await bare.close();
    }
  });
});

describe("linking an OAuth bank (PLAID_REDIRECT_URI)", () => {
  const redirectUri = "https://tandem.example/banks";

  it("puts the redirect URI on every link token, and links a bank whose login sends the member away and back", async () => {
    const oauthApi = await createPlaidTestApi({ seed: 5, redirectUri });
    try {
      const owners = await createHousehold(oauthApi);
      const token = owners.alex.accessToken;
      const create = await oauthApi.request<{ linkToken: string }>("POST", "/plaid/link-token", { token, body: {} });
      expect(create.status).toBe(200);
      expect(oauthApi.emulator.state.findLinkToken(create.body.linkToken)).toMatchObject({ redirectUri, itemId: null });

      // The member picks Platypus OAuth Bank: Link leaves for the bank, which sends them back to the Banks page.
      const left = await control<{ oauth: { bank_url: string } }>(oauthApi, "/link/complete", {
        link_token: create.body.linkToken,
        institution_id: "ins_127287",
      });
      const back = await fetch(`${left.oauth.bank_url}/allow`, { method: "POST", redirect: "manual" });
      const received = back.headers.get("location")!;
      expect(received.startsWith(`${redirectUri}?oauth_state_id=`)).toBe(true);
      const done = await control<{ public_token: string }>(oauthApi, "/link/complete", {
        link_token: create.body.linkToken,
        received_redirect_uri: received,
      });

      const exchanged = await oauthApi.request<PlaidItem>("POST", "/plaid/exchange", {
        token,
        body: { publicToken: done.public_token },
      });
      expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(201);
      expect(exchanged.body).toMatchObject({ institutionId: "ins_127287", institutionName: "Platypus OAuth Bank" });
      await oauthApi.plaid.queue.idle();
      await expectMatchesTruth(oauthApi, exchanged.body.id);

      // Re-login (update mode) for that bank goes through the same redirect.
      const update = await oauthApi.request<{ linkToken: string; mode: string }>("POST", "/plaid/link-token", {
        token,
        body: { itemId: exchanged.body.id },
      });
      expect(update.body.mode).toBe("update");
      expect(oauthApi.emulator.state.findLinkToken(update.body.linkToken)).toMatchObject({ redirectUri });
    } finally {
      await oauthApi.close();
    }
  });
});
