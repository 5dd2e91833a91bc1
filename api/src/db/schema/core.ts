import {
  ACCOUNT_TYPES,
  CATEGORY_KINDS,
  CATEGORY_SOURCES,
  type Payer,
  PLAID_ITEM_STATUSES,
  type Split,
  TRANSACTION_SOURCES,
} from "@tandem/shared";
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

// Money columns are bigint minor units; "number" mode is exact up to 2^53, which the
// contract enforces at the edge.
export const money = (name: string) => bigint(name, { mode: "number" });
export const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();
/** Every household row's owner; deleting the household deletes the row. */
export const householdRef = () =>
  uuid("household_id")
    .notNull()
    .references(() => households.id, { onDelete: "cascade" });

/** The text "contains" search matches: description and merchant, as one indexed expression. */
export const searchText = (t: { description: AnyPgColumn; merchant: AnyPgColumn }) =>
  sql`(${t.description} || ' ' || coalesce(${t.merchant}, ''))`;

export const accountType = pgEnum("account_type", ACCOUNT_TYPES);
export const transactionSource = pgEnum("transaction_source", TRANSACTION_SOURCES);
export const categorySource = pgEnum("category_source", CATEGORY_SOURCES);

export const households = pgTable("households", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  baseCurrency: text("base_currency").notNull(),
  createdAt: createdAt(),
});

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email), index("users_household_idx").on(t.householdId)],
);

export const invites = pgTable(
  "invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    tokenHash: text("token_hash").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("invites_token_hash_key").on(t.tokenHash), index("invites_household_idx").on(t.householdId)],
);

/** Rotating refresh tokens: each use spends one and issues its successor in the same family. */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    familyId: uuid("family_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    spentAt: timestamp("spent_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("refresh_tokens_token_hash_key").on(t.tokenHash),
    index("refresh_tokens_family_idx").on(t.familyId),
    index("refresh_tokens_user_idx").on(t.userId),
  ],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("api_keys_key_hash_key").on(t.keyHash), index("api_keys_household_idx").on(t.householdId)],
);

export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    name: text("name").notNull(),
    type: accountType("type").notNull(),
    institution: text("institution"),
    currency: text("currency").notNull(),
    openingBalance: money("opening_balance").notNull().default(0),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
    archived: boolean("archived").notNull().default(false),
    plaidItemId: uuid("plaid_item_id").references((): AnyPgColumn => plaidItems.id, { onDelete: "set null" }),
    plaidAccountId: text("plaid_account_id"),
    /** Whose its transactions are unless a category or the transaction says otherwise; null: by owner. */
    defaultSplit: jsonb("default_split").$type<Split>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("accounts_household_idx").on(t.householdId, t.name),
    uniqueIndex("accounts_plaid_account_key").on(t.householdId, t.plaidAccountId),
  ],
);

export const categories = pgTable(
  "categories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    parentId: uuid("parent_id").references((): AnyPgColumn => categories.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    color: text("color").notNull(),
    icon: text("icon").notNull(),
    /** income, expense or transfer; text with a CHECK rather than an enum, so adding a kind is one constraint swap. */
    kind: text("kind", { enum: CATEGORY_KINDS }).notNull().default("expense"),
    /** Overrides the account's default split for transactions in this category ("Hobbies" is personal). */
    defaultSplit: jsonb("default_split").$type<Split>(),
    createdAt: createdAt(),
  },
  (t) => [
    // NULLS NOT DISTINCT so two top-level categories cannot share a name either.
    unique("categories_household_parent_name_key").on(t.householdId, t.parentId, t.name).nullsNotDistinct(),
    check("categories_kind_check", sql`${t.kind} in (${sql.raw(CATEGORY_KINDS.map((k) => `'${k}'`).join(", "))})`),
  ],
);

export const transactions = pgTable(
  "transactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "restrict" }),
    date: date("date", { mode: "string" }).notNull(),
    amount: money("amount").notNull(),
    currency: text("currency").notNull(),
    description: text("description").notNull(),
    merchant: text("merchant"),
    categoryId: uuid("category_id").references(() => categories.id, { onDelete: "set null" }),
    categorySource: categorySource("category_source"),
    categorisedBy: text("categorised_by"),
    notes: text("notes"),
    source: transactionSource("source").notNull(),
    sourceId: text("source_id").notNull(),
    pending: boolean("pending").notNull().default(false),
    /** Plaid's personal_finance_category (detailed) and its confidence, kept as evidence. */
    plaidCategory: text("plaid_category"),
    plaidCategoryConfidence: text("plaid_category_confidence"),
    /** Fields a member set by hand; bank updates and rules leave these alone. */
    editedFields: text("edited_fields").array().notNull().default(sql`'{}'::text[]`),
    /** Free labels from members and rules ("holiday", "reimbursable"). */
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /** A member's split for this one transaction; null: the category's, else the account's default. */
    split: jsonb("split").$type<Split>(),
    /** Who paid when it was not the account's owner; null: the account's owner (or both, for a joint account). */
    payer: jsonb("payer").$type<Payer>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("transactions_source_key").on(t.householdId, t.source, t.sourceId),
    // Keyset pages: (household, sort key, id) so any depth is an index range scan.
    index("transactions_date_idx").on(t.householdId, t.date, t.id),
    index("transactions_amount_idx").on(t.householdId, t.amount, t.id),
    // The transaction list's merchant sort: lower(coalesce(merchant, description)), then id.
    index("transactions_merchant_sort_idx").on(
      t.householdId,
      sql`lower(coalesce(${t.merchant}, ${t.description}))`,
      t.id,
    ),
    index("transactions_account_date_idx").on(t.householdId, t.accountId, t.date, t.id),
    index("transactions_category_date_idx").on(t.householdId, t.categoryId, t.date, t.id),
    // Trigram index for "contains" search, so a rare or absent term is an index probe, not a scan.
    index("transactions_search_idx").using("gin", sql`(${searchText(t)}) gin_trgm_ops`),
    check("transactions_currency_format", sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

export const plaidItemStatus = pgEnum("plaid_item_status", PLAID_ITEM_STATUSES);

/** A linked bank login. The access token is stored only as a Fernet token. */
export const plaidItems = pgTable(
  "plaid_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    linkedBy: uuid("linked_by").references(() => users.id, { onDelete: "set null" }),
    plaidItemId: text("plaid_item_id").notNull(),
    accessTokenEncrypted: text("access_token_encrypted").notNull(),
    institutionId: text("institution_id"),
    institutionName: text("institution_name"),
    cursor: text("cursor"),
    status: plaidItemStatus("status").notNull().default("healthy"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    lastSyncAt: timestamp("last_sync_at", { withTimezone: true }),
    lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
    lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
    removedAt: timestamp("removed_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("plaid_items_plaid_item_key").on(t.plaidItemId),
    index("plaid_items_household_idx").on(t.householdId),
  ],
);

/** One row per sync attempt: what it changed and how long it took, or why it failed. */
export const plaidSyncRuns = pgTable(
  "plaid_sync_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => plaidItems.id, { onDelete: "cascade" }),
    trigger: text("trigger").notNull(),
    status: text("status").notNull(),
    added: integer("added").notNull().default(0),
    modified: integer("modified").notNull().default(0),
    removed: integer("removed").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    pages: integer("pages").notNull().default(0),
    restarts: integer("restarts").notNull().default(0),
    retries: integer("retries").notNull().default(0),
    errorCode: text("error_code"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [index("plaid_sync_runs_item_idx").on(t.householdId, t.itemId, t.startedAt)],
);

/** Every verified webhook, kept for audit. */
export const plaidWebhooks = pgTable(
  "plaid_webhooks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: uuid("household_id").references(() => households.id, { onDelete: "cascade" }),
    plaidItemId: text("plaid_item_id"),
    webhookType: text("webhook_type").notNull(),
    webhookCode: text("webhook_code").notNull(),
    payload: jsonb("payload").notNull(),
    outcome: text("outcome").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("plaid_webhooks_household_idx").on(t.householdId, t.receivedAt)],
);
