import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";
import { processDueTemplates } from "../../recurring/job";

interface Series {
  id: string;
  kind: string;
  status: string;
  merchant: string;
  cadence: string;
  amount: number;
  lastDate: string | null;
  nextDate: string | null;
  occurrences: number;
  editedFields: string[];
}
interface Txn {
  id: string;
  date: string;
  amount: number;
  sourceId: string;
  categorySource: string | null;
}

let api: TestApi;
let token: string;
let accountId: string;
let readKey: string;

async function post(body: Record<string, unknown>) {
  const reply = await api.request("POST", "/transactions", { token, body: { accountId, ...body } });
  expect(reply.status).toBe(201);
}
const list = async (qs = "") =>
  (await api.request<{ items: Series[] }>("GET", `/recurring${qs}`, { token })).body.items;

beforeAll(async () => {
  api = await createTestApi();
  api.clock.set(new Date("2026-03-20T12:00:00Z"));
  const home = await createHousehold(api);
  token = home.alex.accessToken;
  accountId = (await createAccount(api, token)).id;
  readKey = (await api.request<{ key: string }>("POST", "/api-keys", { token, body: { name: "read" } })).body.key;
  for (const date of ["2025-11-15", "2025-12-16", "2026-01-15", "2026-02-18", "2026-03-15"]) {
    await post({ date, amount: -1599, description: "NETFLIX.COM 123", merchant: "Netflix" });
  }
  await post({ date: "2026-02-25", amount: -1599, description: "NETFLIX.COM gift", merchant: "Netflix" });
  for (const date of ["2026-02-20", "2026-02-27", "2026-03-06", "2026-03-13"]) {
    await post({ date, amount: -4500, description: "Farm box" });
  }
});
afterAll(() => api.close());

describe("detected series", () => {
  it("suggests series with stable ids, and ignores one-offs", async () => {
    const first = await list();
    expect(first.map((s) => [s.merchant, s.cadence, s.status])).toEqual([
      ["Farm box", "weekly", "suggested"],
      ["Netflix", "monthly", "suggested"],
    ]);
    expect(first.find((s) => s.merchant === "Netflix")).toMatchObject({
      amount: -1599,
      lastDate: "2026-03-15",
      nextDate: "2026-04-15",
      occurrences: 5,
    });
    expect((await list()).map((s) => s.id)).toEqual(first.map((s) => s.id));
  });

  it("confirms, edits and dismisses; a dismissed series is not suggested again", async () => {
    const [farm, netflix] = await list();
    const confirmed = await api.request<Series>("POST", `/recurring/${netflix!.id}/confirm`, { token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ id: netflix!.id, status: "confirmed" });

    const edited = await api.request<Series>("PATCH", `/recurring/${netflix!.id}`, { token, body: { amount: -1799 } });
    expect(edited.body).toMatchObject({ amount: -1799, editedFields: ["amount"], status: "confirmed" });

    const dismissed = await api.request<Series>("POST", `/recurring/${farm!.id}/dismiss`, { token });
    expect(dismissed.body.status).toBe("dismissed");
    // More evidence arrives; the decisions and the edit stand.
    await post({ date: "2026-03-20", amount: -4500, description: "Farm box" });
    expect((await list("?status=suggested")).map((s) => s.id)).toEqual([]);
    const after = await list();
    expect(after.find((s) => s.id === farm!.id)).toMatchObject({ status: "dismissed", lastDate: "2026-03-20" });
    expect(after.find((s) => s.id === netflix!.id)).toMatchObject({ amount: -1799, status: "confirmed" });
  });

  it("refuses to process a detected series, and writes for read-only keys", async () => {
    const [netflix] = await list("?status=confirmed");
    expectProblem(await api.request("POST", `/recurring/${netflix!.id}/process`, { token }), 409, "not_a_template");
    expectProblem(
      await api.request("POST", `/recurring/${netflix!.id}/dismiss`, { token: readKey }),
      403,
      "read_only_key",
    );
    expect((await api.request("GET", "/recurring", { token: readKey })).status).toBe(200);
  });
});

describe("templates", () => {
  let template: Series;
  const rent = async () =>
    (await api.request<{ items: Txn[] }>("GET", `/transactions?q=Rent&sort=date&order=asc`, { token })).body.items;

  it("validates and creates", async () => {
    const bad = await api.request("POST", "/recurring", {
      token,
      body: {
        accountId,
        amount: -1,
        description: "x",
        cadence: "monthly",
        startDate: "2026-02-01",
        endDate: "2026-01-01",
      },
    });
    expectProblem(bad, 422, "validation_failed");
    const zero = { accountId, amount: 0, description: "x", cadence: "monthly", startDate: "2026-02-01" };
    expectProblem(await api.request("POST", "/recurring", { token, body: zero }), 422, "validation_failed");
    const unknown = { ...zero, amount: -1, accountId: "0b9a3c0e-6a52-4f1e-9a55-0e7f6a2f8c11" };
    expectProblem(await api.request("POST", "/recurring", { token, body: unknown }), 422, "unknown_account");

    const categories = await api.request<{ items: { id: string; name: string }[] }>("GET", "/categories", { token });
    const reply = await api.request<Series>("POST", "/recurring", {
      token,
      body: {
        accountId,
        amount: -120_000,
        description: "Rent",
        merchant: "Landlord",
        categoryId: categories.body.items[0]!.id,
        cadence: "monthly",
        startDate: "2026-01-31",
      },
    });
    expect(reply.status).toBe(201);
    template = reply.body;
    expect(template).toMatchObject({ kind: "template", status: "confirmed", nextDate: "2026-01-31", occurrences: 0 });
  });

  it("creates each occurrence once, across month ends, however often it runs", async () => {
    const first = await api.request<{ created: Txn[]; processedThrough: string }>(
      "POST",
      `/recurring/${template.id}/process?until=2026-03-20`,
      { token },
    );
    expect(first.status).toBe(200);
    expect(first.body.created.map((t) => [t.date, t.amount, t.sourceId])).toEqual([
      ["2026-01-31", -120_000, `recurring:${template.id}:2026-01-31`],
      ["2026-02-28", -120_000, `recurring:${template.id}:2026-02-28`],
    ]);
    expect(first.body.created[0]!.categorySource).toBe("member");
    const again = await api.request<{ created: Txn[] }>("POST", `/recurring/${template.id}/process?until=2026-03-20`, {
      token,
    });
    expect(again.body.created).toEqual([]);

    // Two at once: the row lock and the unique sourceId let exactly one create March's.
    const both = await Promise.all(
      [0, 1].map(() =>
        api.request<{ created: Txn[] }>("POST", `/recurring/${template.id}/process?until=2026-04-05`, { token }),
      ),
    );
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.flatMap((r) => r.body.created.map((t) => t.date))).toEqual(["2026-03-31"]);
    expect((await rent()).map((t) => t.date)).toEqual(["2026-01-31", "2026-02-28", "2026-03-31"]);
    const view = (await api.request<Series>("GET", `/recurring/${template.id}`, { token })).body;
    expect(view).toMatchObject({ lastDate: "2026-03-31", nextDate: "2026-04-30", occurrences: 3 });
    // Detection does not mistake the template's own transactions for a bank series.
    expect((await list("?kind=detected")).map((s) => s.merchant)).not.toContain("Landlord");
  });

  it("the periodic job is idempotent too, also when two instances run it at once", async () => {
    const weekly = await api.request<Series>("POST", "/recurring", {
      token,
      body: { accountId, amount: 5_000, description: "Allowance", cadence: "weekly", startDate: "2026-03-01" },
    });
    const now = api.clock.now();
    const [a, b] = await Promise.all([processDueTemplates(api.deps.db, now), processDueTemplates(api.deps.db, now)]);
    expect(a.created + b.created).toBe(3); // Mar 1, 8, 15
    expect((await processDueTemplates(api.deps.db, now)).created).toBe(0);
    const made = await api.request<{ items: Txn[] }>("GET", "/transactions?q=Allowance", { token });
    expect(made.body.items).toHaveLength(3);
    expect((await api.request<Series>("GET", `/recurring/${weekly.body.id}`, { token })).body.nextDate).toBe(
      "2026-03-22",
    );
  });

  it("re-anchors on a new next date, stops when dismissed, and refuses far-off dates", async () => {
    const moved = await api.request<Series>("PATCH", `/recurring/${template.id}`, {
      token,
      body: { nextDate: "2026-05-15", amount: -125_000 },
    });
    expect(moved.body).toMatchObject({ nextDate: "2026-05-15", amount: -125_000 });
    const created = await api.request<{ created: Txn[] }>(
      "POST",
      `/recurring/${template.id}/process?until=2026-06-20`,
      {
        token,
      },
    );
    expect(created.body.created.map((t) => [t.date, t.amount])).toEqual([
      ["2026-05-15", -125_000],
      ["2026-06-15", -125_000],
    ]);
    expectProblem(
      await api.request("POST", `/recurring/${template.id}/process?until=2030-01-01`, { token }),
      422,
      "until_too_far",
    );
    await api.request("POST", `/recurring/${template.id}/dismiss`, { token });
    expectProblem(await api.request("POST", `/recurring/${template.id}/process`, { token }), 409, "template_stopped");
  });
});
