// File imports: saved column mappings per account and import batches.
// Tables import what they reference from ./core; they are exported through ../schema.
import type { CsvMapping } from "@tandem/shared";
import { IMPORT_FORMATS } from "@tandem/shared";
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts, createdAt, householdRef, updatedAt, users } from "./core";

/** The last CSV mapping that worked for an account, used when an import names none. */
export const importMappings = pgTable(
  "import_mappings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    mapping: jsonb("mapping").$type<CsvMapping>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("import_mappings_account_key").on(t.householdId, t.accountId)],
);

/**
 * One committed file. The same bytes committed again to the same account are the same
 * batch (unique file hash), so a retried upload leaves no second record.
 */
export const importBatches = pgTable(
  "import_batches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    householdId: householdRef(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id, { onDelete: "cascade" }),
    format: text("format", { enum: IMPORT_FORMATS }).notNull(),
    fileName: text("file_name"),
    fileSha256: text("file_sha256").notNull(),
    encoding: text("encoding").notNull(),
    rows: integer("rows").notNull(),
    inserted: integer("inserted").notNull(),
    duplicates: integer("duplicates").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("import_batches_file_key").on(t.householdId, t.accountId, t.fileSha256),
    index("import_batches_household_idx").on(t.householdId, t.createdAt),
    check("import_batches_format_check", sql`${t.format} in ('csv', 'ofx', 'qif')`),
  ],
);
