import { randomUUID } from "node:crypto";
import { addDays, type Notification, type NotificationPreferences, toIsoDate } from "@tandem/shared";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "../../../test/expect";
import { createAccount, createHousehold, createTestApi, type TestApi } from "../../../test/harness";
import { notifications } from "../../db/schema";
import { type NewNotification, notify } from "../../notifications/notify";
import { notifyAllUpcomingPayments, notifyUpcomingPayments } from "../../notifications/recurring";
import { remindToSettle } from "../../notifications/settle-up";

type Household = Awaited<ReturnType<typeof createHousehold>>;
interface Page {
  items: Notification[];
  nextCursor: string | null;
}

let api: TestApi;
let home: Household;
let other: Household;
let today: string;

beforeAll(async () => {
  api = await createTestApi();
  home = await createHousehold(api);
  other = await createHousehold(api, "Other");
  today = toIsoDate(api.clock.now());
});
afterAll(() => api.close());

const event = (h: Household, key: string, over: Partial<NewNotification> = {}): NewNotification => ({
  householdId: h.householdId,
  kind: "budget_warning",
  topic: "budget",
  dedupeKey: key,
  title: `Title ${key}`,
  body: `Body ${key}`,
  ...over,
});
const feed = (token: string, qs = "") => api.request<Page>("GET", `/notifications${qs}`, { token });
const unread = async (token: string) =>
  (await api.request<{ unread: number }>("GET", "/notifications/unread-count", { token })).body.unread;
/** Rows per member for keys starting with `prefix`, straight from the table. */
async function rowsFor(h: Household, prefix: string) {
  return api.deps.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.householdId, h.householdId), like(notifications.dedupeKey, `${prefix}%`)));
}
const byMember = (rows: { userId: string }[], h: Household) => ({
  alex: rows.filter((r) => r.userId === h.alex.member.id).length,
  blair: rows.filter((r) => r.userId === h.blair.member.id).length,
});

describe("the feed", () => {
  it("gives each member their own copy, read independently, with an unread count", async () => {
    for (const key of ["feed:1", "feed:2", "feed:3"]) await notify(api.deps.db, event(home, key));
    const alexFeed = await feed(home.alex.accessToken);
    expect(alexFeed.status).toBe(200);
    expect(alexFeed.body.items.map((n) => n.title)).toEqual(["Title feed:3", "Title feed:2", "Title feed:1"]);
    expect(alexFeed.body.items[0]).toMatchObject({
      kind: "budget_warning",
      topic: "budget",
      read: false,
      subject: null,
    });
    const blairFeed = await feed(home.blair.accessToken);
    expect(blairFeed.body.items).toHaveLength(3);
    const alexIds = alexFeed.body.items.map((n) => n.id);
    expect(blairFeed.body.items.filter((n) => alexIds.includes(n.id))).toEqual([]);

    const id = alexFeed.body.items[1]!.id;
    for (let i = 0; i < 2; i++) {
      const read = await api.request<Notification>("POST", `/notifications/${id}/read`, {
        token: home.alex.accessToken,
      });
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id, read: true });
    }
    expect(await unread(home.alex.accessToken)).toBe(2);
    expect(await unread(home.blair.accessToken)).toBe(3);
    expect((await feed(home.alex.accessToken, "?unread=true")).body.items.map((n) => n.id)).not.toContain(id);
    expect((await feed(home.blair.accessToken)).body.items.every((n) => !n.read)).toBe(true);
  });

  it("answers 404 for another member's or household's notification, and 403 to API keys", async () => {
    const [mine] = (await feed(home.alex.accessToken)).body.items;
    for (const token of [home.blair.accessToken, other.alex.accessToken]) {
      const theirs = expectProblem(
        await api.request("POST", `/notifications/${mine!.id}/read`, { token }),
        404,
        "not_found",
      );
      const missing = expectProblem(
        await api.request("POST", `/notifications/${randomUUID()}/read`, { token }),
        404,
        "not_found",
      );
      expect(theirs.detail).toBe(missing.detail);
    }
    expect((await feed(other.alex.accessToken)).body.items).toEqual([]);
    const key = (
      await api.request<{ key: string }>("POST", "/api-keys", { token: home.alex.accessToken, body: { name: "k" } })
    ).body.key;
    for (const path of ["/notifications", "/notifications/unread-count", "/notifications/preferences"]) {
      expectProblem(await api.request("GET", path, { token: key }), 403, "member_required");
    }
  });

  it("pages newest first with a keyset cursor, also when unread only", async () => {
    const h = await createHousehold(api, "Pages");
    // The same transaction: every row has the same created_at, so only the id orders them.
    await api.deps.db.transaction(async (tx) => {
      for (let i = 0; i < 7; i++) await notify(tx, event(h, `page:${i}`));
    });
    for (let i = 7; i < 12; i++) await notify(api.deps.db, event(h, `page:${i}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof feed>> = await feed(
        h.alex.accessToken,
        `?limit=5${cursor ? `&cursor=${cursor}` : ""}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.body.items.map((n) => n.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
    const all = (await feed(h.alex.accessToken, "?limit=200")).body.items.map((n) => n.id);
    expect(seen).toEqual(all);

    await api.request("POST", "/notifications/read", { token: h.alex.accessToken, body: { ids: all.slice(0, 4) } });
    const unreadPage = await feed(h.alex.accessToken, "?unread=true&limit=3");
    expect(unreadPage.body.items.map((n) => n.id)).toEqual(all.slice(4, 7));
    const next = await feed(h.alex.accessToken, `?unread=true&limit=10&cursor=${unreadPage.body.nextCursor}`);
    expect(next.body.items.map((n) => n.id)).toEqual(all.slice(7));

    expectProblem(await feed(h.alex.accessToken, "?cursor=bm90LWEtY3Vyc29y"), 400, "invalid_cursor");
    const forged = Buffer.from(JSON.stringify(["createdAt", "desc", "2026-01-01", randomUUID()])).toString("base64url");
    expectProblem(await feed(h.alex.accessToken, `?cursor=${forged}`), 400, "invalid_cursor");
    for (const qs of ["?limit=0", "?limit=500", "?unread=yes"]) {
      expectProblem(await feed(h.alex.accessToken, qs), 422, "validation_failed");
    }
  });

  it("marks several or all read, idempotently, and refuses a bad body", async () => {
    const h = await createHousehold(api, "Marks");
    for (let i = 0; i < 4; i++) await notify(api.deps.db, event(h, `mark:${i}`));
    const ids = (await feed(h.alex.accessToken)).body.items.map((n) => n.id);
    const mark = (body: unknown) =>
      api.request<{ marked: number; unread: number }>("POST", "/notifications/read", {
        token: h.alex.accessToken,
        body,
      });
    const blairsId = (await feed(h.blair.accessToken)).body.items[0]!.id;
    expect((await mark({ ids: [ids[0], ids[1], blairsId, randomUUID()] })).body).toEqual({ marked: 2, unread: 2 });
    expect((await mark({ ids: [ids[0], ids[1]] })).body).toEqual({ marked: 0, unread: 2 });
    expect((await mark({ all: true })).body).toEqual({ marked: 2, unread: 0 });
    expect((await mark({ all: true })).body).toEqual({ marked: 0, unread: 0 });
    expect(await unread(h.blair.accessToken)).toBe(4);
    for (const body of [{}, { ids: [] }, { all: false }, { ids: ["x"] }, { ids: [ids[0]], all: true }]) {
      expectProblem(await mark(body), 422, "validation_failed");
    }
  });
});

describe("preferences", () => {
  it("fills in defaults, changes only what is given, and refuses bad input", async () => {
    const h = await createHousehold(api, "Prefs");
    const get = (token: string) => api.request<NotificationPreferences>("GET", "/notifications/preferences", { token });
    const defaults = (await get(h.alex.accessToken)).body;
    expect(defaults.baseCurrency).toBe("USD");
    expect(defaults.topics.budget).toEqual({ mode: "on", threshold: null });
    expect(defaults.topics.large_transaction).toEqual({ mode: "on", threshold: 50_000 });
    expect(Object.keys(defaults.topics)).toHaveLength(7);

    const put = (body: unknown) =>
      api.request<NotificationPreferences>("PUT", "/notifications/preferences", { token: h.alex.accessToken, body });
    const changed = await put({
      budget: { mode: "off" },
      goal: { mode: "quiet" },
      large_transaction: { threshold: 1 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.topics).toMatchObject({
      budget: { mode: "off" },
      goal: { mode: "quiet" },
      large_transaction: { mode: "on", threshold: 1 },
      bank: { mode: "on" },
    });
    const again = await put({ large_transaction: { mode: "quiet" } });
    expect(again.body.topics.large_transaction).toEqual({ mode: "quiet", threshold: 1 });
    expect((await put({ large_transaction: { threshold: null } })).body.topics.large_transaction).toEqual({
      mode: "quiet",
      threshold: 50_000,
    });
    expect((await get(h.blair.accessToken)).body).toEqual(defaults);

    const before = (await get(h.alex.accessToken)).body;
    for (const body of [
      { budget: { threshold: 5 } },
      { large_transaction: { threshold: -1 } },
      { large_transaction: { threshold: 0 } },
      { large_transaction: { threshold: 12.5 } },
      { budget: { mode: "loud" } },
      { weather: { mode: "on" } },
      [],
    ]) {
      expectProblem(await put(body), 422, "validation_failed");
    }
    expect((await get(h.alex.accessToken)).body).toEqual(before);
  });

  it("off creates no row for that member; quiet creates it already read", async () => {
    const h = await createHousehold(api, "Modes");
    await api.request("PUT", "/notifications/preferences", {
      token: h.alex.accessToken,
      body: { budget: { mode: "off" }, goal: { mode: "quiet" } },
    });
    await notify(api.deps.db, event(h, "modes:budget"));
    await notify(api.deps.db, event(h, "modes:goal", { topic: "goal", kind: "goal_milestone" }));
    expect(byMember(await rowsFor(h, "modes:budget"), h)).toEqual({ alex: 0, blair: 1 });
    const alexFeed = (await feed(h.alex.accessToken)).body.items;
    expect(alexFeed).toMatchObject([{ topic: "goal", read: true }]);
    expect(await unread(h.alex.accessToken)).toBe(0);
    expect(await unread(h.blair.accessToken)).toBe(2);
  });
});

describe("idempotency", () => {
  it("creates an event once per member under retries and 20 concurrent raisers", async () => {
    const h = await createHousehold(api, "Races");
    for (let i = 0; i < 3; i++) await notify(api.deps.db, event(h, "race:retry"));
    await Promise.all(Array.from({ length: 20 }, () => notify(api.deps.db, event(h, "race:same"))));
    // Different events at once, each raised twice: no deadlock, one row per member each.
    await Promise.all(Array.from({ length: 20 }, (_, i) => notify(api.deps.db, event(h, `race:many:${i % 10}`))));
    expect(byMember(await rowsFor(h, "race:retry"), h)).toEqual({ alex: 1, blair: 1 });
    expect(byMember(await rowsFor(h, "race:same"), h)).toEqual({ alex: 1, blair: 1 });
    expect(byMember(await rowsFor(h, "race:many:"), h)).toEqual({ alex: 10, blair: 10 });
    // One member only.
    await notify(api.deps.db, event(h, "race:one", { userId: h.blair.member.id }));
    expect(byMember(await rowsFor(h, "race:one"), h)).toEqual({ alex: 0, blair: 1 });
  });
});

describe("large and unusual transactions", () => {
  let h: Household;
  let accountId: string;
  const post = (body: Record<string, unknown>) =>
    api.request<{ id: string }>("POST", "/transactions", {
      token: h.alex.accessToken,
      body: { accountId, date: today, description: "Card payment", ...body },
    });
  const keysOf = async (id: string) => byMember(await rowsFor(h, `transaction:${id}:`), h);

  beforeAll(async () => {
    h = await createHousehold(api, "Spenders");
    accountId = (await createAccount(api, h.alex.accessToken)).id;
  });

  it("notifies each member whose threshold the amount reaches, once, even when the POST is retried", async () => {
    const big = await post({ amount: -60_000, merchant: "Sofa World", sourceId: "sofa" });
    expect(big.status).toBe(201);
    expect(await keysOf(big.body.id)).toEqual({ alex: 1, blair: 1 });
    const [row] = await rowsFor(h, `transaction:${big.body.id}:large`);
    expect(row).toMatchObject({
      kind: "large_transaction",
      topic: "large_transaction",
      title: "$600.00 paid to Sofa World",
    });
    expect(row!.subject).toEqual({ transactionId: big.body.id });
    expect((await post({ amount: -60_000, merchant: "Sofa World", sourceId: "sofa" })).status).toBe(200);
    expect(await keysOf(big.body.id)).toEqual({ alex: 1, blair: 1 });

    await api.request("PUT", "/notifications/preferences", {
      token: h.blair.accessToken,
      body: { large_transaction: { threshold: 100_000 } },
    });
    const mid = await post({ amount: 70_000, description: "Bonus" });
    expect(await keysOf(mid.body.id)).toEqual({ alex: 1, blair: 0 });
    const small = await post({ amount: -49_999 });
    expect(await keysOf(small.body.id)).toEqual({ alex: 0, blair: 0 });
  });

  it("leaves out old, pending and other-currency transactions", async () => {
    const old = await post({ amount: -90_000, date: addDays(today, -45) });
    const pending = await post({ amount: -90_000, pending: true });
    const euros = (await createAccount(api, h.alex.accessToken, { name: "Euro", currency: "EUR" })).id;
    const foreign = await api.request<{ id: string }>("POST", "/transactions", {
      token: h.alex.accessToken,
      body: { accountId: euros, date: today, amount: -90_000, description: "Hotel" },
    });
    for (const id of [old.body.id, pending.body.id, foreign.body.id])
      expect(await keysOf(id)).toEqual({ alex: 0, blair: 0 });
  });

  it("flags an outflow above 3x the merchant's median", async () => {
    for (const [days, amount] of [
      [-20, -1_000],
      [-15, -1_200],
      [-10, -900],
    ] as const) {
      await post({ amount, merchant: "Cafe Nero", date: addDays(today, days) });
    }
    const usual = await post({ amount: -2_900, merchant: "Cafe Nero" });
    expect(await keysOf(usual.body.id)).toEqual({ alex: 0, blair: 0 });
    const odd = await post({ amount: -3_100, merchant: "CAFE NERO" });
    const rows = await rowsFor(h, `transaction:${odd.body.id}:unusual`);
    expect(byMember(rows, h)).toEqual({ alex: 1, blair: 1 });
    expect(rows[0]!.body).toContain("usually about $10.00");
  });

  it("checks a committed import's new rows", async () => {
    const mapping = { date: "Posting Date", amount: "Amount", description: "Description" };
    const file = `Posting Date,Description,Amount\n${today},Big Import Payment,-800.00\n${today},Coffee,-3.00\n`;
    const reply = await api.app.request(
      `/imports?${new URLSearchParams({ accountId, mode: "commit", mapping: JSON.stringify(mapping) })}`,
      {
        method: "POST",
        body: file,
        headers: { authorization: `Bearer ${h.alex.accessToken}`, "content-type": "text/csv" },
      },
    );
    expect(reply.status, await reply.clone().text()).toBe(200);
    const large = (await rowsFor(h, "transaction:")).filter((r) => r.title.includes("Big Import Payment"));
    expect(byMember(large, h)).toEqual({ alex: 1, blair: 0 });
  });
});

describe("goal milestones", () => {
  it("notifies the highest milestone a change crosses, once under 20 concurrent links", async () => {
    const h = await createHousehold(api, "Savers");
    const token = h.alex.accessToken;
    const accountId = (await createAccount(api, token)).id;
    const goal = (
      await api.request<{ id: string }>("POST", "/goals", { token, body: { name: "Trip", targetAmount: 10_000 } })
    ).body.id;
    const tx = async (amount: number) =>
      (
        await api.request<{ id: string }>("POST", "/transactions", {
          token,
          body: { accountId, date: today, amount, description: "To savings" },
        })
      ).body.id;
    const link = (ids: string[]) =>
      api.request("POST", `/goals/${goal}/contributions`, { token, body: { transactionIds: ids } });
    const milestones = async () => (await rowsFor(h, `goal:${goal}:`)).map((r) => r.dedupeKey);

    expect((await link([await tx(2_000)])).status).toBe(200);
    expect(await milestones()).toEqual([]);
    const toFifty = await tx(3_000);
    const replies = await Promise.all(Array.from({ length: 20 }, () => link([toFifty])));
    expect(replies.every((r) => r.status === 200)).toBe(true);
    expect((await milestones()).sort()).toEqual([`goal:${goal}:50`, `goal:${goal}:50`]);
    const [row] = await rowsFor(h, `goal:${goal}:50`);
    expect(row).toMatchObject({ kind: "goal_milestone", topic: "goal", title: "Trip is 50% there" });

    await link([await tx(6_000)]);
    expect((await milestones()).filter((k) => k.endsWith(":100"))).toHaveLength(2);
    expect((await milestones()).filter((k) => k.endsWith(":75"))).toHaveLength(0);
  });
});

describe("upcoming recurring payments", () => {
  it("notifies confirmed outgoing series due within three days, once per date", async () => {
    const h = await createHousehold(api, "Payers");
    const token = h.alex.accessToken;
    const accountId = (await createAccount(api, token)).id;
    const template = async (amount: number, startDate: string, description: string) =>
      (
        await api.request<{ id: string }>("POST", "/recurring", {
          token,
          body: { accountId, amount, description, cadence: "monthly", startDate },
        })
      ).body.id;
    const rent = await template(-150_000, addDays(today, 2), "Rent");
    await template(-5_000, addDays(today, 5), "Gym");
    await template(300_000, addDays(today, 1), "Salary");

    await Promise.all([
      notifyUpcomingPayments(api.deps.db, h.householdId, today),
      notifyUpcomingPayments(api.deps.db, h.householdId, today),
    ]);
    await notifyAllUpcomingPayments(api.deps.db, today);
    const rows = await rowsFor(h, "recurring:");
    expect(byMember(rows, h)).toEqual({ alex: 1, blair: 1 });
    expect(rows[0]).toMatchObject({
      kind: "recurring_upcoming",
      topic: "recurring",
      dedupeKey: `recurring:${rent}:${addDays(today, 2)}`,
    });
    expect(rows[0]!.title).toContain("$1,500.00");
  });
});

describe("settle-up reminders", () => {
  it("names who owes whom, once per month however often it runs", async () => {
    const h = await createHousehold(api, "Sharers");
    const accountId = (await createAccount(api, h.alex.accessToken, { ownerId: h.alex.member.id })).id;
    const reply = await api.request("POST", "/transactions", {
      token: h.alex.accessToken,
      body: { accountId, date: "2026-03-03", amount: -10_000, description: "Dinner", split: { kind: "equal" } },
    });
    expect(reply.status).toBe(201);
    await remindToSettle(api.deps.db, h.householdId, "2026-03-20");
    await remindToSettle(api.deps.db, h.householdId, "2026-03-21");
    const march = await rowsFor(h, "settle-up:2026-03:");
    expect(byMember(march, h)).toEqual({ alex: 1, blair: 1 });
    expect(march[0]).toMatchObject({
      kind: "settle_up_reminder",
      topic: "settle_up",
      dedupeKey: "settle-up:2026-03:USD",
      body: "Blair owes Alex $50.00.",
    });
    await remindToSettle(api.deps.db, h.householdId, "2026-04-01");
    expect(byMember(await rowsFor(h, "settle-up:2026-04:"), h)).toEqual({ alex: 1, blair: 1 });
  });
});
