import type { Settlement, SettleUp, TransactionDetail } from "@tandem/shared";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem, rowCounts } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";

let api: TestApi;
let home: Awaited<ReturnType<typeof createHousehold>>;
let alex: string;
let blair: string;
let token: string;
let alexCard: string;
let blairCard: string;
let joint: string;
let groceries: string;
let hobbies: string;

async function spend(accountId: string, amount: number, extra: Record<string, unknown> = {}) {
  const reply = await api.request<{ id: string }>("POST", "/transactions", {
    token,
    body: { accountId, date: "2026-03-10", amount, description: "Spend", ...extra },
  });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body.id;
}

const settleUp = async (query = "") => (await api.request<SettleUp>("GET", `/settle-up${query}`, { token })).body;
const owed = (s: SettleUp, currency = "USD") => s.balances.find((b) => b.currency === currency)?.debt ?? null;

beforeAll(async () => {
  api = await createTestApi();
  api.clock.set(new Date("2026-03-31T12:00:00Z"));
  home = await createHousehold(api);
  token = home.alex.accessToken;
  alex = home.alex.member.id;
  blair = home.blair.member.id;
  alexCard = (await createAccount(api, token, { name: "Alex's card", type: "credit", ownerId: alex })).id;
  blairCard = (await createAccount(api, token, { name: "Blair's card", type: "credit", ownerId: blair })).id;
  joint = (await createAccount(api, token, { name: "Joint" })).id;
  const category = async (body: Record<string, unknown>) =>
    (await api.request<{ id: string }>("POST", "/categories", { token, body })).body.id;
  groceries = await category({ name: "Shared groceries", defaultSplit: { kind: "equal" } });
  hobbies = await category({ name: "My hobbies", defaultSplit: { kind: "personal" } });
});
afterAll(() => api.close());

describe("splits", () => {
  it("resolves a transaction's share through the category's and account's defaults", async () => {
    const id = await spend(alexCard, -10_001, { categoryId: groceries });
    const detail = (await api.request<TransactionDetail>("GET", `/transactions/${id}`, { token })).body;
    expect(detail.split).toBeNull();
    expect(detail.share).toMatchObject({
      payer: { kind: "member", memberId: alex },
      payerSource: "account",
      split: { kind: "equal" },
      splitSource: "category",
      // The payer absorbs the odd cent: Blair never owes more than half.
      parts: [
        { memberId: alex, amount: -5001 },
        { memberId: blair, amount: -5000 },
      ],
    });
    const hobby = await spend(blairCard, -3000, { categoryId: hobbies });
    const share = (await api.request<TransactionDetail>("GET", `/transactions/${hobby}`, { token })).body.share;
    expect(share.effect.map((e) => e.amount)).toEqual([0, 0]);
  });

  it("takes a split and payer per transaction, and goes back to the default on null", async () => {
    const id = await spend(joint, -9000);
    const patch = (body: unknown) => api.request<TransactionDetail>("PATCH", `/transactions/${id}`, { token, body });
    const percent = {
      kind: "percent",
      shares: [
        { memberId: alex, percent: 33.33 },
        { memberId: blair, percent: 66.67 },
      ],
    };
    expect((await patch({ split: percent, payer: alex })).body).toMatchObject({
      split: { kind: "percent", shares: [{ basisPoints: 3333 }, { basisPoints: 6667 }] },
      payer: { kind: "member", memberId: alex },
    });
    const detail = (await api.request<TransactionDetail>("GET", `/transactions/${id}`, { token })).body;
    expect(detail.share.parts.map((p) => p.amount)).toEqual([-3000, -6000]);
    expect(detail.share.effect.map((p) => p.amount)).toEqual([6000, -6000]);
    expect((await patch({ split: null, payer: null })).body).toMatchObject({ split: null, payer: null });
  });

  it("refuses splits that do not add up or name strangers, and changes nothing", async () => {
    const id = await spend(alexCard, -1000);
    const outsider = (await createHousehold(api, "Elsewhere")).alex.member.id;
    const before = await rowCounts(api);
    const cases: [unknown, string][] = [
      [
        {
          split: {
            kind: "exact",
            parts: [
              { memberId: alex, amount: 600 },
              { memberId: blair, amount: 300 },
            ],
          },
        },
        "invalid_split",
      ],
      [
        {
          split: {
            kind: "percent",
            shares: [
              { memberId: alex, percent: 50 },
              { memberId: blair, percent: 40 },
            ],
          },
        },
        "invalid_split",
      ],
      [
        {
          split: {
            kind: "percent",
            shares: [
              { memberId: alex, percent: 50.005 },
              { memberId: blair, percent: 49.995 },
            ],
          },
        },
        "validation_failed",
      ],
      [{ split: { kind: "personal", memberId: outsider } }, "unknown_member"],
      [{ split: { kind: "equal", extra: 1 } }, "validation_failed"],
      [{ payer: outsider }, "unknown_member"],
    ];
    for (const [body, code] of cases) {
      expectProblem(await api.request("PATCH", `/transactions/${id}`, { token, body }), 422, code);
    }
    const exactDefault = { name: "x", defaultSplit: { kind: "exact", parts: [{ memberId: alex, amount: 1 }] } };
    expectProblem(await api.request("POST", "/categories", { token, body: exactDefault }), 422, "validation_failed");
    expect(await rowCounts(api)).toEqual(before);
    const exact = {
      kind: "exact",
      parts: [
        { memberId: alex, amount: 250 },
        { memberId: blair, amount: 750 },
      ],
    };
    const ok = await api.request<TransactionDetail>("PATCH", `/transactions/${id}`, { token, body: { split: exact } });
    expect(ok.status).toBe(200);
  });

  it("sets defaults on accounts and categories", async () => {
    const reply = await api.request<{ defaultSplit: unknown }>("PATCH", `/accounts/${blairCard}`, {
      token,
      body: { defaultSplit: { kind: "personal", memberId: blair } },
    });
    expect(reply.body.defaultSplit).toEqual({ kind: "personal", memberId: blair });
    const cleared = await api.request<{ defaultSplit: unknown }>("PATCH", `/accounts/${blairCard}`, {
      token,
      body: { defaultSplit: null },
    });
    expect(cleared.body.defaultSplit).toBeNull();
  });
});

describe("settle-up", () => {
  it("says who owes whom, with the transactions behind it", async () => {
    const s = await settleUp();
    // 5000 for the groceries and 750 from the exact split; the percent split was reset.
    expect(owed(s)).toEqual({ fromMemberId: blair, toMemberId: alex, amount: 5750 });
    expect(s.items.map((i) => i.amount).sort((x, y) => x - y)).toEqual([-10_001, -1000]);
    expect(s.members.map((m) => m.displayName)).toEqual(["Alex", "Blair"]);
    expect((await settleUp("?to=2026-03-09")).balances).toEqual([]);
    expectProblem(await api.request("GET", "/settle-up?from=2026-04-01&to=2026-03-01", { token }), 422);
  });

  it("records a settlement once, however often it is retried, and the balance reaches zero", async () => {
    const body = { fromMemberId: blair, amount: 5750, idempotencyKey: "march", note: "March" };
    const replies = await Promise.all(
      [1, 2, 3].map(() => api.request<Settlement>("POST", "/settlements", { token: home.blair.accessToken, body })),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect(replies[0]?.body).toMatchObject({ toMemberId: alex, currency: "USD", date: "2026-03-31" });
    const s = await settleUp();
    expect(owed(s)).toBeNull();
    expect(s.balances[0]?.net.map((n) => n.amount)).toEqual([0, 0]);
    expect(s.settlements).toHaveLength(1);
  });

  it("marks a synced transfer between the members as a settlement", async () => {
    await spend(alexCard, -4000, { categoryId: groceries });
    expect(owed(await settleUp())).toEqual({ fromMemberId: blair, toMemberId: alex, amount: 2000 });
    const transfer = await spend(blairCard, -2000, { description: "To Alex" });
    const marked = await api.request<Settlement>("POST", "/settlements", { token, body: { transactionId: transfer } });
    expect(marked.status).toBe(201);
    expect(marked.body).toMatchObject({ fromMemberId: blair, toMemberId: alex, amount: 2000, transactionId: transfer });
    const again = await api.request<Settlement>("POST", "/settlements", { token, body: { transactionId: transfer } });
    expect([again.status, again.body.id]).toEqual([200, marked.body.id]);
    expect(owed(await settleUp())).toBeNull();
  });

  it("refuses settlements that make no sense", async () => {
    const cases: [unknown, string][] = [
      [{ amount: 0 }, "validation_failed"],
      [{ amount: 100, toMemberId: alex }, "invalid_settlement"],
      [{}, "invalid_settlement"],
      [{ amount: 100, fromMemberId: crypto.randomUUID() }, "unknown_member"],
    ];
    for (const [body, code] of cases) {
      expectProblem(await api.request("POST", "/settlements", { token, body }), 422, code);
    }
  });

  it("undoes a settlement", async () => {
    const made = await api.request<Settlement>("POST", "/settlements", { token, body: { amount: 100 } });
    expect((await api.request("DELETE", `/settlements/${made.body.id}`, { token })).status).toBe(204);
    expectProblem(await api.request("DELETE", `/settlements/${made.body.id}`, { token }), 404);
  });
});

describe("the balance stays exact across any number of edits", () => {
  it("equals every member's split parts minus what they paid", async () => {
    const other = await createHousehold(api, "Property");
    const t = other.alex.accessToken;
    const [a, b] = [other.alex.member.id, other.blair.member.id];
    const cards = [
      (await createAccount(api, t, { name: "A", ownerId: a })).id,
      (await createAccount(api, t, { name: "B", ownerId: b })).id,
    ];
    const ids: string[] = [];
    for (const [i, amount] of [-1001, -2503, 999, -7, -123_457, -50].entries()) {
      const reply = await api.request<{ id: string }>("POST", "/transactions", {
        token: t,
        body: { accountId: cards[i % 2], date: "2026-03-01", amount, description: `T${i}` },
      });
      ids.push(reply.body.id);
    }
    const member = fc.constantFrom(a, b);
    const split = fc.oneof(
      fc.constant(null),
      fc.constant({ kind: "equal" }),
      member.map((memberId) => ({ kind: "personal", memberId })),
      fc.integer({ min: 0, max: 10_000 }).map((bp) => ({
        kind: "percent",
        shares: [
          { memberId: a, percent: bp / 100 },
          { memberId: b, percent: (10_000 - bp) / 100 },
        ],
      })),
    );
    const edit = fc.record({
      index: fc.nat({ max: ids.length - 1 }),
      split,
      payer: fc.oneof(fc.constant(null), member),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 4 }), async (edits) => {
        for (const { index, split: s, payer } of edits) {
          const reply = await api.request("PATCH", `/transactions/${ids[index]}`, {
            token: t,
            body: { split: s, payer },
          });
          expect(reply.status).toBe(200);
        }
        const details = await Promise.all(
          ids.map(
            async (id) => (await api.request<TransactionDetail>("GET", `/transactions/${id}`, { token: t })).body,
          ),
        );
        const expected = [a, b].map((m) => {
          const parts = details.flatMap((d) => d.share.parts).filter((p) => p.memberId === m);
          const paid = details.filter((d) => d.share.payer.kind === "member" && d.share.payer.memberId === m);
          return parts.reduce((sum, p) => sum + p.amount, 0) - paid.reduce((sum, d) => sum + d.amount, 0);
        });
        const s = (await api.request<SettleUp>("GET", "/settle-up", { token: t })).body;
        const net = s.balances[0]?.net.map((n) => n.amount) ?? [0, 0];
        expect(net).toEqual(expected);
        expect(net[0]! + net[1]!).toBe(0);
      }),
      { numRuns: 12 },
    );
  });
});

describe("a long history", () => {
  it("counts identical transactions to the cent and lists the newest that move money, however far back", async () => {
    const other = await createHousehold(api, "Long history");
    const t = other.alex.accessToken;
    const [a, b] = [other.alex.member.id, other.blair.member.id];
    const card = (await createAccount(api, t, { name: "A's card", ownerId: a })).id;
    const post = async (date: string, amount: number, extra: Record<string, unknown> = {}) => {
      const reply = await api.request("POST", "/transactions", {
        token: t,
        body: { accountId: card, date, amount, description: "Shop", ...extra },
      });
      expect(reply.status).toBe(201);
    };
    // Seven with the same inputs: each rounds on its own, A absorbing the odd cent every time.
    for (let i = 0; i < 7; i++) await post("2026-03-05", -1001, { split: { kind: "equal" } });
    // Newer than them, more than one page of candidates that move nothing (A's own, said so).
    for (let i = 0; i < 120; i++) await post("2026-03-20", -10, { split: { kind: "personal", memberId: a } });

    const s = (await api.request<SettleUp>("GET", "/settle-up?limit=3", { token: t })).body;
    expect(s.balances[0]?.debt).toEqual({ fromMemberId: b, toMemberId: a, amount: 7 * 500 });
    expect(s.balances[0]?.transactionCount).toBe(7);
    expect(s.itemCount).toBe(7);
    expect(s.items.map((item) => [item.date, item.amount])).toEqual(Array(3).fill(["2026-03-05", -1001]));
  });
});
