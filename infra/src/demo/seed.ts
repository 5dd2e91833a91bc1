/**
 * Seeds "The Demo Household": two members who can sign in, the default categories,
 * four accounts and about two years of generated transactions. Idempotent: when the
 * demo members exist already, nothing is written.
 */
import { type Database, hashPassword, schema, seedDefaultCategories } from "@tandem/api";
import { type Split, toIsoDate } from "@tandem/shared";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import {
  type AccountKey,
  DEMO_ACCOUNTS,
  DEMO_MEMBERS,
  type DemoTransaction,
  generateTransactions,
  type MemberKey,
} from "./generate";

export const DEMO_HOUSEHOLD_NAME = "The Demo Household";
export const DEMO_PASSWORD = "tandem-demo-password";
export const DEMO_SEED = 20_240_601;
export const DEMO_MONTHS = 24;
export const DEMO_EMAILS: Record<MemberKey, string> = { alex: "alex@demo.tandem", blair: "blair@demo.tandem" };
/** Why demo rows have their category: shown by the API as categorisedBy. */
export const DEMO_CATEGORISED_BY = "demo-seed";

const INSERT_BATCH = 1_000;

export interface DemoLogin {
  email: string;
  password: string;
  displayName: string;
}

export const DEMO_LOGINS: readonly DemoLogin[] = DEMO_MEMBERS.map((member) => ({
  email: DEMO_EMAILS[member.key],
  password: DEMO_PASSWORD,
  displayName: member.displayName,
}));

export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
type Executor = Database | Transaction;

/** Ids of what createDemoHousehold inserted; transactions refer to them by key and name. */
export interface DemoHousehold {
  householdId: string;
  userIds: Record<MemberKey, string>;
  accountIds: Record<AccountKey, string>;
  /** Subcategory name → id (subcategory names are unique in the default taxonomy). */
  categoryIds: Map<string, string>;
}

const DEMO_DEFAULT_SPLITS: [string[], Split][] = [
  [["Groceries", "Restaurants", "Household", "Utilities", "Lodging"], { kind: "equal" }],
  [["Hobbies", "Clothing"], { kind: "personal" }],
];

/** Hash the demo password once per member (argon2id, as the API does), outside any transaction. */
export async function hashDemoPasswords(): Promise<Record<MemberKey, string>> {
  const [alex, blair] = await Promise.all([hashPassword(DEMO_PASSWORD), hashPassword(DEMO_PASSWORD)]);
  return { alex: alex!, blair: blair! };
}

/** The household, its two members, default categories and accounts: everything but transactions. */
export async function createDemoHousehold(
  db: Executor,
  passwordHashes: Record<MemberKey, string>,
): Promise<DemoHousehold> {
  const { households, users, accounts, categories } = schema;
  const [household] = await db
    .insert(households)
    .values({ name: DEMO_HOUSEHOLD_NAME, baseCurrency: "USD" })
    .returning({ id: households.id });
  const householdId = household!.id;

  const insertedUsers = await db
    .insert(users)
    .values(
      DEMO_MEMBERS.map((member) => ({
        householdId,
        email: DEMO_EMAILS[member.key],
        displayName: member.displayName,
        passwordHash: passwordHashes[member.key],
      })),
    )
    .returning({ id: users.id, email: users.email });
  const userIds = {} as Record<MemberKey, string>;
  for (const member of DEMO_MEMBERS) {
    userIds[member.key] = insertedUsers.find((u) => u.email === DEMO_EMAILS[member.key])!.id;
  }

  await seedDefaultCategories(db, householdId);
  const subcategories = await db
    .select({ id: categories.id, name: categories.name })
    .from(categories)
    .where(and(eq(categories.householdId, householdId), isNotNull(categories.parentId)));
  const categoryIds = new Map<string, string>();
  for (const row of subcategories) categoryIds.set(row.name, row.id);
  // What the two share whoever's card paid, and what stays one person's even from the joint account.
  for (const [names, defaultSplit] of DEMO_DEFAULT_SPLITS) {
    await db
      .update(categories)
      .set({ defaultSplit })
      .where(and(eq(categories.householdId, householdId), inArray(categories.name, names)));
  }

  const insertedAccounts = await db
    .insert(accounts)
    .values(
      DEMO_ACCOUNTS.map((account) => ({
        householdId,
        name: account.name,
        type: account.type,
        institution: account.institution,
        currency: account.currency,
        openingBalance: account.openingBalance,
        ownerId: account.ownerKey ? userIds[account.ownerKey] : null,
      })),
    )
    .returning({ id: accounts.id, name: accounts.name });
  const accountIds = {} as Record<AccountKey, string>;
  for (const account of DEMO_ACCOUNTS) {
    accountIds[account.key] = insertedAccounts.find((a) => a.name === account.name)!.id;
  }
  return { householdId, userIds, accountIds, categoryIds };
}

/** A generated transaction as a row of this household (source "manual", stable source id). */
export function toTransactionRow(
  household: DemoHousehold,
  t: DemoTransaction,
): typeof schema.transactions.$inferInsert {
  const categoryId = household.categoryIds.get(t.categoryName);
  if (!categoryId) throw new Error(`demo category "${t.categoryName}" was not seeded`);
  return {
    householdId: household.householdId,
    accountId: household.accountIds[t.accountKey],
    date: t.date,
    amount: t.amount,
    currency: "USD",
    description: t.description,
    merchant: t.merchant,
    categoryId,
    categorySource: "rule",
    categorisedBy: DEMO_CATEGORISED_BY,
    source: "manual",
    sourceId: t.sourceId,
    pending: t.pending,
  };
}

export interface SeedOptions {
  seed?: number;
  months?: number;
  /** The last day of history is this instant's UTC date. */
  now?: Date;
}

export interface SeedResult {
  householdId: string;
  logins: DemoLogin[];
  created: boolean;
}

async function existingDemoHousehold(db: Executor): Promise<string | undefined> {
  const [existing] = await db
    .select({ householdId: schema.users.householdId, email: schema.users.email })
    .from(schema.users)
    .where(inArray(schema.users.email, Object.values(DEMO_EMAILS)));
  return existing?.householdId;
}

export async function seedDemoHousehold(db: Database, options: SeedOptions = {}): Promise<SeedResult> {
  const logins = DEMO_LOGINS.map((login) => ({ ...login }));
  const found = await existingDemoHousehold(db);
  if (found) return { householdId: found, logins, created: false };

  const passwordHashes = await hashDemoPasswords();
  const generated = generateTransactions({
    seed: options.seed ?? DEMO_SEED,
    months: options.months ?? DEMO_MONTHS,
    endDate: toIsoDate(options.now ?? new Date()),
  });
  try {
    const householdId = await db.transaction(async (tx) => {
      const household = await createDemoHousehold(tx, passwordHashes);
      let batch: (typeof schema.transactions.$inferInsert)[] = [];
      for (const t of generated) {
        batch.push(toTransactionRow(household, t));
        if (batch.length === INSERT_BATCH) {
          await tx.insert(schema.transactions).values(batch);
          batch = [];
        }
      }
      if (batch.length > 0) await tx.insert(schema.transactions).values(batch);
      return household.householdId;
    });
    return { householdId, logins, created: true };
  } catch (error) {
    // Another process seeded the same demo concurrently: its household stands.
    const winner = await existingDemoHousehold(db).catch(() => undefined);
    if (winner) return { householdId: winner, logins, created: false };
    throw error;
  }
}
