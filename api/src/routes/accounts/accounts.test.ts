import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, rowCounts } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, PASSWORD, type TestApi } from "../../../test/harness";

interface Account {
  id: string;
  name: string;
  type: string;
  institution: string | null;
  currency: string;
  openingBalance: number;
  ownerId: string | null;
  archived: boolean;
  balance: number;
  pendingAmount: number;
  transactionCount: number;
  createdAt: string;
  updatedAt: string;
}

let api: TestApi;
let token: string;
let alexId: string;
let blairId: string;
let strangerId: string;

beforeAll(async () => {
  api = await createTestApi();
  const home = await createHousehold(api);
  token = home.alex.accessToken;
  alexId = home.alex.member.id;
  blairId = home.blair.member.id;
  const stranger = await api.request<{ member: { id: string } }>("POST", "/auth/register", {
    body: { email: `s-${randomUUID()}@example.com`, password: PASSWORD, displayName: "Sam", householdName: "Other" },
  });
  strangerId = stranger.body.member.id;
});
afterAll(() => api.close());

const getAccount = (id: string) => api.request<Account>("GET", `/accounts/${id}`, { token });
const patchAccount = (id: string, body: unknown) => api.request<Account>("PATCH", `/accounts/${id}`, { token, body });

async function addTransaction(accountId: string, amount: number, pending = false) {
  const reply = await api.request<{ id: string }>("POST", "/transactions", {
    token,
    body: { accountId, date: "2026-03-05", amount, description: "Entry", pending },
  });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

describe("CRUD", () => {
  it("creates, reads, lists, updates and deletes an account", async () => {
    const created = await api.request<Account>("POST", "/accounts", {
      token,
      body: { name: "  Everyday  ", type: "checking", currency: "EUR", institution: "Bank of Tests" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "Everyday",
      type: "checking",
      currency: "EUR",
      institution: "Bank of Tests",
      openingBalance: 0,
      ownerId: null,
      archived: false,
      balance: 0,
      pendingAmount: 0,
      transactionCount: 0,
    });
    const id = created.body.id;
    expect((await getAccount(id)).body).toEqual(created.body);

    const listed = await api.request<{ items: Account[] }>("GET", "/accounts", { token });
    expect(listed.body.items.find((a) => a.id === id)).toEqual(created.body);

    const updated = await patchAccount(id, {
      name: "Daily",
      type: "savings",
      institution: null,
      openingBalance: 12_345,
      ownerId: alexId,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      name: "Daily",
      type: "savings",
      institution: null,
      openingBalance: 12_345,
      balance: 12_345,
      ownerId: alexId,
      currency: "EUR",
    });
    expect((await patchAccount(id, { ownerId: null })).body.ownerId).toBeNull();
    expect((await patchAccount(id, {})).status).toBe(200);

    expect((await api.request("DELETE", `/accounts/${id}`, { token })).status).toBe(204);
    expectProblem(await getAccount(id), 404, "not_found");
    expectProblem(await api.request("DELETE", `/accounts/${id}`, { token }), 404, "not_found");
    expectProblem(await patchAccount(id, { name: "Ghost" }), 404, "not_found");
  });

  it("lists accounts by name", async () => {
    for (const name of ["Zeta", "Alpha", "Mu"]) await createAccount(api, token, { name });
    const listed = await api.request<{ items: Account[] }>("GET", "/accounts", { token });
    const names = listed.body.items.map((a) => a.name);
    expect(names).toEqual([...names].sort());
  });

  it("answers 404 for unknown ids and 422 for malformed ones", async () => {
    expectProblem(await getAccount(randomUUID()), 404, "not_found");
    expectProblem(await getAccount("123"), 422, "validation_failed");
  });
});

describe("balances", () => {
  it("are the opening balance plus posted transactions; pending ones are reported apart", async () => {
    const account = await createAccount(api, token, { name: "Balance check", openingBalance: 10_000 });
    await addTransaction(account.id, -2_500);
    await addTransaction(account.id, 1_000);
    const pendingId = await addTransaction(account.id, -300, true);
    await addTransaction(account.id, -45, true);

    const reply = await getAccount(account.id);
    expect(reply.body).toMatchObject({
      openingBalance: 10_000,
      balance: 8_500,
      pendingAmount: -345,
      transactionCount: 4,
    });
    const listed = await api.request<{ items: Account[] }>("GET", "/accounts", { token });
    expect(listed.body.items.find((a) => a.id === account.id)).toMatchObject({ balance: 8_500, pendingAmount: -345 });

    // The pending charge posts.
    await api.request("PATCH", `/transactions/${pendingId}`, { token, body: { pending: false } });
    expect((await getAccount(account.id)).body).toMatchObject({ balance: 8_200, pendingAmount: -45 });

    // Correcting the opening balance moves the balance with it.
    expect((await patchAccount(account.id, { openingBalance: 0 })).body).toMatchObject({ balance: -1_800 });
  });

  it("keep each account's own transactions apart", async () => {
    const first = await createAccount(api, token, { name: "First" });
    const second = await createAccount(api, token, { name: "Second", currency: "JPY" });
    await addTransaction(first.id, -1);
    await addTransaction(second.id, 7_000);
    expect((await getAccount(first.id)).body).toMatchObject({ balance: -1, transactionCount: 1 });
    expect((await getAccount(second.id)).body).toMatchObject({ balance: 7_000, transactionCount: 1, currency: "JPY" });
  });
});

describe("owners", () => {
  it("may be either member, or nobody (shared)", async () => {
    expect((await createAccount(api, token, { ownerId: blairId })).id).toBeTruthy();
    const shared = await createAccount(api, token, { ownerId: null });
    expect((await getAccount(shared.id)).body.ownerId).toBeNull();
  });

  it.each([
    ["an unknown id", () => randomUUID()],
    ["the other household's member", () => strangerId],
  ])("refuses %s as owner on create and update", async (_, owner) => {
    const account = await createAccount(api, token, { name: "Owned", ownerId: alexId });
    const before = await rowCounts(api);
    const created = expectProblem(
      await api.request("POST", "/accounts", {
        token,
        body: { name: "Bad owner", type: "cash", currency: "USD", ownerId: owner() },
      }),
      422,
      "unknown_member",
    );
    expect(created.errors).toEqual([{ path: "ownerId", message: expect.any(String) }]);
    expectProblem(await patchAccount(account.id, { ownerId: owner() }), 422, "unknown_member");
    expect(await rowCounts(api)).toEqual(before);
    expect((await getAccount(account.id)).body.ownerId).toBe(alexId);
  });

  it("refuses the same response for the other household's member as for a random id", async () => {
    const body = (ownerId: string) => ({ name: "Probe", type: "cash", currency: "USD", ownerId });
    const stranger = await api.request<{ detail: string }>("POST", "/accounts", { token, body: body(strangerId) });
    const random = await api.request<{ detail: string }>("POST", "/accounts", { token, body: body(randomUUID()) });
    expect(stranger.body.detail).toBe(random.body.detail);
  });
});

describe("history", () => {
  it("keeps an account with transactions from deletion; archiving it works", async () => {
    const account = await createAccount(api, token, { name: "Old card", type: "credit", openingBalance: -500 });
    await addTransaction(account.id, -1_000);
    const before = await rowCounts(api);
    expectProblem(await api.request("DELETE", `/accounts/${account.id}`, { token }), 409, "account_has_transactions");
    expect(await rowCounts(api)).toEqual(before);

    const archived = await patchAccount(account.id, { archived: true });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ archived: true, balance: -1_500, transactionCount: 1 });
    const listed = await api.request<{ items: Account[] }>("GET", "/accounts", { token });
    expect(listed.body.items.find((a) => a.id === account.id)?.archived).toBe(true);
    expect((await patchAccount(account.id, { archived: false })).body.archived).toBe(false);
  });

  it("fixes the currency at creation", async () => {
    const account = await createAccount(api, token, { currency: "GBP" });
    const before = await getAccount(account.id);
    const problem = expectProblem(await patchAccount(account.id, { currency: "EUR" }), 422, "validation_failed");
    expect(problem.errors?.[0]?.message).toMatch(/unknown field.*currency/);
    expect(await getAccount(account.id)).toMatchObject({ body: before.body });
  });
});

describe("validation", () => {
  it.each([
    ["a missing name", { type: "cash", currency: "USD" }],
    ["a blank name", { name: "   ", type: "cash", currency: "USD" }],
    ["a huge name", { name: "n".repeat(10_000), type: "cash", currency: "USD" }],
    ["an unknown type", { name: "x", type: "crypto", currency: "USD" }],
    ["a lowercase currency", { name: "x", type: "cash", currency: "usd" }],
    ["a numeric currency", { name: "x", type: "cash", currency: 840 }],
    ["a fractional opening balance", { name: "x", type: "cash", currency: "USD", openingBalance: 10.5 }],
    ["an opening balance as text", { name: "x", type: "cash", currency: "USD", openingBalance: "100" }],
    ["an opening balance beyond 2^53", { name: "x", type: "cash", currency: "USD", openingBalance: 2 ** 53 }],
    ["a malformed owner", { name: "x", type: "cash", currency: "USD", ownerId: "alex" }],
    ["a stated balance", { name: "x", type: "cash", currency: "USD", balance: 1_000_000 }],
    ["an archived flag", { name: "x", type: "cash", currency: "USD", archived: true }],
  ])("refuses %s and writes nothing", async (_, body) => {
    const before = await rowCounts(api);
    expectProblem(await api.request("POST", "/accounts", { token, body }), 422, "validation_failed");
    expect(await rowCounts(api)).toEqual(before);
  });
});
