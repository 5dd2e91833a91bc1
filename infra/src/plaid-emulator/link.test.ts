import { CountryCode, type PlaidApi, Products } from "plaid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPlaidEmulator, startPlaidEmulator } from "./index";
import { control, plaidClient, plaidFailure } from "./test-support";

let emulator: RunningPlaidEmulator;
let plaid: PlaidApi;

beforeAll(async () => {
  emulator = await startPlaidEmulator({ port: 0, seed: 11 });
  plaid = plaidClient(emulator.url);
});

afterAll(async () => {
  await emulator.close();
});

async function linkedItem(webhook?: string) {
  const { data: created } = await plaid.sandboxPublicTokenCreate({
    institution_id: "ins_109508",
    initial_products: [Products.Transactions],
    options: webhook ? { webhook } : {},
  });
  const { data: exchanged } = await plaid.itemPublicTokenExchange({ public_token: created.public_token });
  return exchanged;
}

describe("link flow through the plaid SDK", () => {
  it("goes link token → sandbox public token → exchange → accounts → item", async () => {
    expect(emulator.url).not.toMatch(/\/$/);
    const { data: link } = await plaid.linkTokenCreate({
      client_name: "Tandem",
      language: "en",
      country_codes: [CountryCode.Us],
      user: { client_user_id: "household-1" },
      products: [Products.Transactions],
    });
    expect(link.link_token).toMatch(/^link-sandbox-/);
    expect(Date.parse(link.expiration)).toBeGreaterThan(Date.now());
    expect(link.request_id).toMatch(/^[0-9A-Za-z]{15}$/);

    const { data: created } = await plaid.sandboxPublicTokenCreate({
      institution_id: "ins_109508",
      initial_products: [Products.Transactions],
      options: { webhook: "https://example.test/hook" },
    });
    expect(created.public_token).toMatch(/^public-sandbox-/);

    const { data: exchanged } = await plaid.itemPublicTokenExchange({ public_token: created.public_token });
    expect(exchanged.access_token).toMatch(/^access-sandbox-/);
    expect(exchanged.item_id).toHaveLength(37);

    const { data: accounts } = await plaid.accountsGet({ access_token: exchanged.access_token });
    expect(accounts.accounts.length).toBeGreaterThanOrEqual(2);
    expect(accounts.accounts.length).toBeLessThanOrEqual(3);
    expect(accounts.item.item_id).toBe(exchanged.item_id);
    const checking = accounts.accounts.find((a) => a.subtype === "checking");
    expect(checking).toMatchObject({ type: "depository", mask: expect.stringMatching(/^\d{4}$/) });
    expect(checking?.balances.iso_currency_code).toBe("USD");
    expect(typeof checking?.balances.current).toBe("number");
    for (const account of accounts.accounts) {
      if (account.type === "credit") expect(account.balances.limit).toBeGreaterThan(0);
    }

    const { data: item } = await plaid.itemGet({ access_token: exchanged.access_token });
    expect(item.item).toMatchObject({
      item_id: exchanged.item_id,
      institution_id: "ins_109508",
      institution_name: "First Platypus Bank",
      webhook: "https://example.test/hook",
      error: null,
      billed_products: ["transactions"],
    });
    expect(item.status?.transactions?.last_successful_update).toBeTruthy();

    const { data: balances } = await plaid.accountsBalanceGet({ access_token: exchanged.access_token });
    expect(balances.accounts.map((a) => a.account_id)).toEqual(accounts.accounts.map((a) => a.account_id));
  });

  it("lets a test finish Link itself, in normal and in update mode", async () => {
    const { data: link } = await plaid.linkTokenCreate({
      client_name: "Tandem",
      language: "en",
      country_codes: [CountryCode.Us],
      user: { client_user_id: "household-2" },
      products: [Products.Transactions],
      webhook: "https://example.test/hook",
    });
    const done = await control<{ public_token: string; metadata: { accounts: unknown[] } }>(
      emulator.url,
      "/link/complete",
      { link_token: link.link_token, institution_id: "ins_109511" },
    );
    const { data: exchanged } = await plaid.itemPublicTokenExchange({ public_token: done.public_token });
    const { data: item } = await plaid.itemGet({ access_token: exchanged.access_token });
    expect(item.item.institution_name).toBe("Tartan Bank");
    expect(item.item.webhook).toBe("https://example.test/hook");
    expect(done.metadata.accounts.length).toBeGreaterThanOrEqual(2);

    await plaid.sandboxItemResetLogin({ access_token: exchanged.access_token });
    const { data: update } = await plaid.linkTokenCreate({
      client_name: "Tandem",
      language: "en",
      country_codes: [CountryCode.Us],
      user: { client_user_id: "household-2" },
      access_token: exchanged.access_token,
    });
    const repaired = await control<{ update_mode: boolean }>(emulator.url, "/link/complete", {
      link_token: update.link_token,
    });
    expect(repaired.update_mode).toBe(true);
    const { data: healthy } = await plaid.itemGet({ access_token: exchanged.access_token });
    expect(healthy.item.error).toBeNull();
  });

  it("removes an Item: its access token stops working", async () => {
    const { access_token } = await linkedItem();
    await plaid.itemRemove({ access_token });
    const failure = await plaidFailure(plaid.accountsGet({ access_token }));
    expect(failure.status).toBe(400);
    expect(failure.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_ACCESS_TOKEN" });
  });
});

describe("Plaid's error shapes", () => {
  it("refuses wrong credentials with INVALID_API_KEYS", async () => {
    const wrong = plaidClient(emulator.url, "tandem-emulator-client", "not-the-secret");
    const failure = await plaidFailure(wrong.itemGet({ access_token: "access-sandbox-x" }));
    expect(failure.status).toBe(400);
    expect(failure.data).toEqual({
      display_message: null,
      documentation_url: "https://plaid.com/docs/errors/invalid-input/#invalid_api_keys",
      error_code: "INVALID_API_KEYS",
      error_code_reason: null,
      error_message: "invalid client_id or secret provided",
      error_type: "INVALID_INPUT",
      request_id: expect.stringMatching(/^[0-9A-Za-z]{15}$/),
      suggested_action: null,
    });
  });

  it("accepts credentials in the body too", async () => {
    const response = await fetch(`${emulator.url}/item/get`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_id: emulator.clientId, secret: emulator.secret, access_token: "nope" }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error_code: "INVALID_ACCESS_TOKEN" });
  });

  it("reports unknown tokens, missing and invalid fields, bad JSON and unknown paths", async () => {
    expect((await plaidFailure(plaid.transactionsSync({ access_token: "access-sandbox-unknown" }))).data).toMatchObject(
      {
        error_type: "INVALID_INPUT",
        error_code: "INVALID_ACCESS_TOKEN",
        error_message: "could not find matching access token",
      },
    );
    const missing = await plaidFailure(
      plaid.sandboxPublicTokenCreate({ institution_id: "", initial_products: [] as Products[] }),
    );
    expect(missing.data).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "MISSING_FIELDS" });
    expect(missing.data.error_message).toContain("institution_id");

    const { access_token } = await linkedItem();
    const tooMany = await plaidFailure(plaid.transactionsSync({ access_token, count: 501 }));
    expect(tooMany.status).toBe(400);
    expect(tooMany.data).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD" });
    const badCursor = await plaidFailure(plaid.transactionsSync({ access_token, cursor: "bm90LWEtY3Vyc29y" }));
    expect(badCursor.data).toMatchObject({ error_code: "INVALID_FIELD" });

    const badJson = await fetch(`${emulator.url}/item/get`, { method: "POST", body: "{" });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "INVALID_BODY" });

    const unknown = await fetch(`${emulator.url}/no/such/endpoint`, { method: "POST", body: "{}" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "NOT_FOUND" });
  });

  it("lets a public token be exchanged once only", async () => {
    const { data } = await plaid.sandboxPublicTokenCreate({
      institution_id: "ins_109509",
      initial_products: [Products.Transactions],
    });
    await plaid.itemPublicTokenExchange({ public_token: data.public_token });
    const again = await plaidFailure(plaid.itemPublicTokenExchange({ public_token: data.public_token }));
    expect(again.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_PUBLIC_TOKEN" });
  });
});
