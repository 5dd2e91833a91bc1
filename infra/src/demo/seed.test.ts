import { randomBytes } from "node:crypto";
import { buildDeps, createApp, type DatabaseHandle, loadEnv, openDatabase, schema } from "@tandem/api";
import { DEFAULT_CATEGORIES, toIsoDate } from "@tandem/shared";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { describePlan, generateTransactions } from "./generate";
import { DEMO_CATEGORISED_BY, DEMO_EMAILS, DEMO_HOUSEHOLD_NAME, DEMO_PASSWORD, seedDemoHousehold } from "./seed";

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const NOW = new Date("2026-03-15T18:30:00Z");
const SEED = 11;

interface Fresh {
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/** A migrated, empty database: in-memory PGlite, or a throwaway database on the real server. */
async function freshDatabase(driver: "pglite" | "postgres"): Promise<Fresh> {
  if (driver === "pglite") {
    const handle = await openDatabase({ pgliteDir: "memory://" });
    await handle.migrate();
    return { handle, close: () => handle.close() };
  }
  const name = `tandem_seedtest_${randomBytes(6).toString("hex")}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    const handle = await openDatabase({ url: url.toString(), pool: { max: 4 } });
    await handle.migrate();
    return {
      handle,
      close: async () => {
        await handle.close();
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  } catch (error) {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    throw error;
  }
}

async function counts(handle: DatabaseHandle) {
  const result = await handle.db.execute(sql`
    select (select count(*)::int from households) as households,
           (select count(*)::int from users) as users,
           (select count(*)::int from accounts) as accounts,
           (select count(*)::int from categories) as categories,
           (select count(*)::int from transactions) as transactions`);
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows)[0];
}

/** Everything about the seeded ledger that must not depend on generated ids or clocks. */
async function ledgerContent(handle: DatabaseHandle) {
  const result = await handle.db.execute(sql`
    select t.source_id, t.date::text as date, t.amount::bigint::text as amount, t.description, t.merchant,
           t.pending, a.name as account, c.name as category, t.category_source, t.categorised_by, t.source
      from transactions t
      join accounts a on a.id = t.account_id
      left join categories c on c.id = t.category_id
     order by t.date, (substring(t.source_id from 6))::int`);
  return Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
}

describe.each(["pglite", "postgres"] as const)("seedDemoHousehold on %s", (driver) => {
  const opened: Fresh[] = [];
  const open = async () => {
    const fresh = await freshDatabase(driver);
    opened.push(fresh);
    return fresh.handle;
  };
  afterAll(async () => {
    await Promise.all(opened.map((fresh) => fresh.close()));
  });

  it("seeds a household of two with two years of categorised transactions, once", async () => {
    const handle = await open();
    const started = performance.now();
    const first = await seedDemoHousehold(handle.db, { seed: SEED, now: NOW });
    const seconds = (performance.now() - started) / 1000;
    expect(first.created).toBe(true);
    expect(first.logins.map((l) => l.email)).toEqual([DEMO_EMAILS.alex, DEMO_EMAILS.blair]);
    expect(first.logins.every((l) => l.password === DEMO_PASSWORD)).toBe(true);
    // Generating and inserting is quick; the argon2 hashes are most of it.
    expect(seconds).toBeLessThan(10);

    const expected = describePlan({ seed: SEED, months: 24, endDate: toIsoDate(NOW) }).total;
    const categories = DEFAULT_CATEGORIES.reduce((n, c) => n + 1 + (c.children?.length ?? 0), 0);
    const before = await counts(handle);
    expect(before).toEqual({ households: 1, users: 2, accounts: 4, categories, transactions: expected });

    const second = await seedDemoHousehold(handle.db, { seed: SEED, now: NOW });
    expect(second).toEqual({ ...first, created: false });
    expect(await counts(handle)).toEqual(before);

    const [household] = await handle.db.select().from(schema.households);
    expect(household!.name).toBe(DEMO_HOUSEHOLD_NAME);
    expect(household!.id).toBe(first.householdId);
  });

  it("writes exactly what the generator produced, the same way in every database", async () => {
    const [a, b] = [await open(), await open()];
    await seedDemoHousehold(a.db, { seed: SEED, months: 6, now: NOW });
    await seedDemoHousehold(b.db, { seed: SEED, months: 6, now: NOW });
    const rowsA = await ledgerContent(a);
    const rowsB = await ledgerContent(b);
    expect(rowsB).toEqual(rowsA);

    const generated = [...generateTransactions({ seed: SEED, months: 6, endDate: "2026-03-15" })];
    expect(rowsA).toHaveLength(generated.length);
    const bySourceId = new Map(rowsA.map((row) => [(row as { source_id: string }).source_id, row]));
    for (const t of generated) {
      const row = bySourceId.get(t.sourceId) as Record<string, unknown>;
      expect(row).toMatchObject({
        date: t.date,
        amount: String(t.amount),
        description: t.description,
        merchant: t.merchant,
        pending: t.pending,
        category: t.categoryName,
        category_source: "rule",
        categorised_by: DEMO_CATEGORISED_BY,
        source: "manual",
      });
    }
  });

  it("lets both demo members sign in through the API and read the ledger", async () => {
    const handle = await open();
    await seedDemoHousehold(handle.db, { seed: SEED, months: 3, now: NOW });
    const env = loadEnv({ NODE_ENV: "test", JWT_SECRET: "seed-test-secret-that-is-long-enough-123" });
    const app = createApp(buildDeps(env, handle));
    for (const email of Object.values(DEMO_EMAILS)) {
      const login = await app.request("/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: DEMO_PASSWORD }),
      });
      expect(login.status).toBe(200);
      const { accessToken } = (await login.json()) as { accessToken: string };
      const page = await app.request("/transactions?limit=5", { headers: { authorization: `Bearer ${accessToken}` } });
      expect(page.status).toBe(200);
      const body = (await page.json()) as { items: { date: string }[]; nextCursor: string | null };
      expect(body.items).toHaveLength(5);
      expect(body.items[0]!.date).toBe("2026-03-15");
      expect(body.nextCursor).not.toBeNull();
    }
  });
});
