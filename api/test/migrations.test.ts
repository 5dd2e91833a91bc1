import { randomUUID } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, rows } from "../src/db/client";
import { createTestDatabase, type TestDatabase } from "./harness";

interface Journal {
  entries: { idx: number; tag: string }[];
}

/** The migrations folder as it was before `tag`: the state of a database deployed back then. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), "tandem-migrations-"));
  cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalPath = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as Journal;
  const cut = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(cut, `${tag} is in the journal`).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, cut) }));
  return dir;
}

describe("0003_category_kind", () => {
  let database: TestDatabase;
  let folder: string;
  const db = () => database.handle.db;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    folder = migrationsBefore("0003_category_kind");
  });
  afterAll(async () => {
    await database.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("backfills Income and Transfers, with everything under them, in every household", async () => {
    await database.handle.migrate({ migrationsFolder: folder });
    const insertCategory = async (householdId: string, name: string, parentId: string | null = null) => {
      const id = randomUUID();
      await db().execute(
        sql`insert into categories (id, household_id, parent_id, name, color, icon) values (${id}, ${householdId}, ${parentId}, ${name}, '#868e96', 'tag')`,
      );
      return id;
    };
    const households = [randomUUID(), randomUUID()];
    const expected = new Map<string, string>();
    for (const householdId of households) {
      await db().execute(sql`insert into households (id, name, base_currency) values (${householdId}, 'Home', 'USD')`);
      const income = await insertCategory(householdId, "Income");
      const salary = await insertCategory(householdId, "Salary", income);
      const transfers = await insertCategory(householdId, "Transfers");
      const savings = await insertCategory(householdId, "Savings", transfers);
      const deep = await insertCategory(householdId, "Emergency fund", savings);
      const food = await insertCategory(householdId, "Food");
      const groceries = await insertCategory(householdId, "Groceries", food);
      // Only the top-level names count: an "Income" under Food is still spending.
      const nested = await insertCategory(householdId, "Income", food);
      const renamed = await insertCategory(householdId, "Salaries");
      for (const id of [income, salary]) expected.set(id, "income");
      for (const id of [transfers, savings, deep]) expected.set(id, "transfer");
      for (const id of [food, groceries, nested, renamed]) expected.set(id, "expense");
    }

    await database.handle.migrate();

    const kinds = rows<{ id: string; kind: string }>(await db().execute(sql`select id, kind from categories`));
    expect(new Map(kinds.map((row) => [row.id, row.kind]))).toEqual(expected);
    const status = await database.handle.migrationStatus();
    expect(status.applied).toBe(status.expected);
  });

  it("defaults new rows to expense and refuses an unknown kind in the database itself", async () => {
    const householdId = randomUUID();
    await db().execute(sql`insert into households (id, name, base_currency) values (${householdId}, 'Home', 'USD')`);
    await db().execute(
      sql`insert into categories (household_id, name, color, icon) values (${householdId}, 'Plain', '#868e96', 'tag')`,
    );
    const [row] = rows<{ kind: string }>(
      await db().execute(sql`select kind from categories where household_id = ${householdId}`),
    );
    expect(row?.kind).toBe("expense");
    await expect(
      db().execute(
        sql`insert into categories (household_id, name, color, icon, kind) values (${householdId}, 'Odd', '#868e96', 'tag', 'savings')`,
      ),
    ).rejects.toThrow();
  });
});
