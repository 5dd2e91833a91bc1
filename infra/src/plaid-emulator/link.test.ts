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

const REDIRECT_URI = "https://tandem.example/banks";
const OAUTH_BANK = "ins_127287";

async function linkTokenWith(extra: Record<string, unknown> = {}) {
  const { data } = await plaid.linkTokenCreate({
    client_name: "Tandem",
    language: "en",
    country_codes: [CountryCode.Us],
    user: { client_user_id: "household-oauth" },
    products: [Products.Transactions],
    ...extra,
  });
  return data.link_token;
}

interface LinkExitBody {
  error: string;
  link_error: { error_code: string; error_message: string } | null;
  exit_status: string;
}

/** POST /__emulator/link/complete, answering whatever status it has. */
async function completeLink(body: Record<string, unknown>) {
  const response = await fetch(`${emulator.url}/__emulator/link/complete`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The member chooses the OAuth bank, goes to its page, and allows (or denies); returns where the bank sends them. */
async function throughTheBank(linkToken: string, decision: "allow" | "deny" = "allow") {
  const left = await completeLink({ link_token: linkToken, institution_id: OAUTH_BANK });
  expect(left.status).toBe(200);
  const oauth = left.body.oauth as { oauth_state_id: string; bank_url: string; institution_id: string };
  expect(oauth.institution_id).toBe(OAUTH_BANK);
  const page = await fetch(oauth.bank_url);
  expect(page.status).toBe(200);
  expect(page.headers.get("content-type")).toMatch(/^text\/html/);
  expect(await page.text()).toContain("Platypus OAuth Bank");
  const back = await fetch(`${oauth.bank_url}/${decision}`, { method: "POST", redirect: "manual" });
  expect(back.status).toBe(303);
  return { received: back.headers.get("location")!, oauthStateId: oauth.oauth_state_id };
}

describe("redirect_uri on link tokens, as Plaid checks it", () => {
  it("stores an https redirect_uri, or http on localhost (Sandbox)", async () => {
    const token = await linkTokenWith({ redirect_uri: REDIRECT_URI });
    expect(emulator.state.findLinkToken(token)).toMatchObject({ redirectUri: REDIRECT_URI });
    const local = await linkTokenWith({ redirect_uri: "http://localhost:3001/banks" });
    expect(emulator.state.findLinkToken(local)?.redirectUri).toBe("http://localhost:3001/banks");
    expect(emulator.state.findLinkToken(await linkTokenWith())?.redirectUri).toBeNull();
  });

  it("refuses plain http elsewhere, query parameters, fragments, wildcards and a blank one", async () => {
    for (const [uri, reason] of [
      ["http://tandem.example/banks", /https/],
      ["https://tandem.example/banks?x=1", /query/],
      ["https://tandem.example/#/banks", /fragment/],
      ["https://*.tandem.example/banks", /wildcard/],
      ["tandem://banks", /https/],
      ["", /must be configured in the developer dashboard/],
    ] as const) {
      const failure = await plaidFailure(linkTokenWith({ redirect_uri: uri }));
      expect(failure.status, uri).toBe(400);
      expect(failure.data, uri).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD" });
      expect(failure.data.error_message, uri).toMatch(reason);
    }
  });

  it("accepts only the dashboard's allowed redirect URIs once some are registered", async () => {
    const registered = await control<{ redirect_uris: string[] }>(
      emulator.url,
      "/redirect_uris",
      { redirect_uris: [REDIRECT_URI] },
      "PUT",
    );
    try {
      expect(registered.redirect_uris).toEqual([REDIRECT_URI]);
      expect(await control(emulator.url, "/redirect_uris")).toEqual({ redirect_uris: [REDIRECT_URI] });
      await linkTokenWith({ redirect_uri: REDIRECT_URI });
      const failure = await plaidFailure(linkTokenWith({ redirect_uri: "https://elsewhere.example/banks" }));
      expect(failure.data).toMatchObject({
        error_code: "INVALID_FIELD",
        error_message:
          "OAuth redirect URI must be configured in the developer dashboard. See https://plaid.com/docs/#oauth-redirect-uris",
      });
      await expect(
        control(emulator.url, "/redirect_uris", { redirect_uris: ["http://example.com/x"] }, "PUT"),
      ).rejects.toThrow(/https/);
    } finally {
      await control(emulator.url, "/redirect_uris", { redirect_uris: null }, "PUT");
    }
  });
});

describe("an OAuth bank's round trip", () => {
  it("sends the member to the bank and back to redirect_uri, then finishes Link with the same token", async () => {
    const linkToken = await linkTokenWith({ redirect_uri: REDIRECT_URI, webhook: "https://example.test/hook" });
    const { received, oauthStateId } = await throughTheBank(linkToken);
    expect(received).toBe(`${REDIRECT_URI}?oauth_state_id=${oauthStateId}`);
    expect(oauthStateId).toMatch(/^[0-9a-f-]{36}$/);

    const done = await completeLink({ link_token: linkToken, received_redirect_uri: received });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      update_mode: false,
      public_token: expect.stringMatching(/^public-sandbox-/),
      metadata: { institution: { institution_id: OAUTH_BANK, name: "Platypus OAuth Bank" } },
    });
    const { data: exchanged } = await plaid.itemPublicTokenExchange({ public_token: done.body.public_token as string });
    const { data: item } = await plaid.itemGet({ access_token: exchanged.access_token });
    expect(item.item).toMatchObject({ institution_id: OAUTH_BANK, webhook: "https://example.test/hook" });

    // A state id finishes Link once.
    const again = await completeLink({ link_token: linkToken, received_redirect_uri: received });
    expect(again.status).toBe(400);
    expect((again.body as unknown as LinkExitBody).link_error?.error_code).toBe("INVALID_FIELD");
  });

  it("exits Link with Plaid's error for an unknown, foreign or tampered state, and when the member denied", async () => {
    const linkToken = await linkTokenWith({ redirect_uri: REDIRECT_URI });
    const other = await linkTokenWith({ redirect_uri: REDIRECT_URI });
    const { received } = await throughTheBank(linkToken);
    const refusals = [
      { link_token: linkToken, received_redirect_uri: `${REDIRECT_URI}?oauth_state_id=no-such-state` },
      { link_token: other, received_redirect_uri: received },
      { link_token: linkToken, received_redirect_uri: `${received}&extra=1` },
      { link_token: linkToken, received_redirect_uri: received.replace("/banks", "/elsewhere") },
    ];
    for (const attempt of refusals) {
      const refused = await completeLink(attempt);
      expect(refused.status, JSON.stringify(attempt)).toBe(400);
      expect(refused.body, JSON.stringify(attempt)).toMatchObject({
        exit_status: "requires_oauth",
        link_error: {
          error_code: "INVALID_FIELD",
          error_message: "oauth uri does not contain a valid oauth_state_id query parameter.",
        },
      });
    }
    // The real state still works after those attempts.
    expect((await completeLink({ link_token: linkToken, received_redirect_uri: received })).status).toBe(200);

    // A state whose member has not come back from the bank yet cannot finish.
    const pending = await completeLink({ link_token: other, institution_id: OAUTH_BANK });
    const pendingId = (pending.body.oauth as { oauth_state_id: string }).oauth_state_id;
    const early = await completeLink({
      link_token: other,
      received_redirect_uri: `${REDIRECT_URI}?oauth_state_id=${pendingId}`,
    });
    expect(early.status).toBe(400);

    const denier = await linkTokenWith({ redirect_uri: REDIRECT_URI });
    const denied = await throughTheBank(denier, "deny");
    const exited = await completeLink({ link_token: denier, received_redirect_uri: denied.received });
    expect(exited).toMatchObject({ status: 400, body: { link_error: null, exit_status: "requires_oauth" } });

    const unknown = await completeLink({ link_token: "link-sandbox-unknown", received_redirect_uri: received });
    expect(unknown).toMatchObject({
      status: 404,
      body: { link_error: { error_code: "INVALID_LINK_TOKEN" }, exit_status: "requires_oauth" },
    });
    const expiredPage = await fetch(`${emulator.url}/__emulator/oauth/no-such-state`);
    expect(expiredPage.status).toBe(404);
  });

  it("finishes in place without a redirect_uri, as Link's pop-up does on desktop web", async () => {
    const done = await completeLink({ link_token: await linkTokenWith(), institution_id: OAUTH_BANK });
    expect(done.status).toBe(200);
    expect(done.body.oauth).toBeUndefined();
    expect(done.body.public_token).toMatch(/^public-sandbox-/);
  });

  it("repairs an OAuth bank's login through the same round trip in update mode", async () => {
    const { data: created } = await plaid.sandboxPublicTokenCreate({
      institution_id: OAUTH_BANK,
      initial_products: [Products.Transactions],
    });
    const { data: exchanged } = await plaid.itemPublicTokenExchange({ public_token: created.public_token });
    await plaid.sandboxItemResetLogin({ access_token: exchanged.access_token });
    const linkToken = await linkTokenWith({ access_token: exchanged.access_token, redirect_uri: REDIRECT_URI });
    const left = await completeLink({ link_token: linkToken });
    expect(left.body).toMatchObject({ update_mode: true, oauth: { institution_id: OAUTH_BANK } });
    const bankUrl = (left.body.oauth as { bank_url: string }).bank_url;
    const back = await fetch(`${bankUrl}/allow`, { method: "POST", redirect: "manual" });
    const done = await completeLink({ link_token: linkToken, received_redirect_uri: back.headers.get("location") });
    expect(done.body).toMatchObject({ update_mode: true, item_id: exchanged.item_id });
    const { data: healthy } = await plaid.itemGet({ access_token: exchanged.access_token });
    expect(healthy.item.error).toBeNull();
  });

  it("lets a link token's OAuth state expire with the token", async () => {
    let skewMs = 0;
    const clocked = await startPlaidEmulator({ port: 0, now: () => new Date(Date.now() + skewMs) });
    try {
      const { data } = await plaidClient(clocked.url).linkTokenCreate({
        client_name: "Tandem",
        language: "en",
        country_codes: [CountryCode.Us],
        user: { client_user_id: "household-late" },
        products: [Products.Transactions],
        redirect_uri: REDIRECT_URI,
      });
      const left = await fetch(`${clocked.url}/__emulator/link/complete`, {
        method: "POST",
        body: JSON.stringify({ link_token: data.link_token, institution_id: OAUTH_BANK }),
      });
      const { bank_url } = ((await left.json()) as { oauth: { bank_url: string } }).oauth;
      skewMs = 4 * 60 * 60 * 1000 + 1000;
      expect((await fetch(bank_url)).status).toBe(404);
      const late = await fetch(`${clocked.url}/__emulator/link/complete`, {
        method: "POST",
        body: JSON.stringify({
          link_token: data.link_token,
          received_redirect_uri: `${REDIRECT_URI}?oauth_state_id=x`,
        }),
      });
      expect(late.status).toBe(404);
      expect(await late.json()).toMatchObject({ link_error: { error_code: "INVALID_LINK_TOKEN" } });
    } finally {
      await clocked.close();
    }
  });
});
