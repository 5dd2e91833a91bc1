import { DATE_FORMATS } from "../date-formats";
import { z } from "../zod";
import { IdSchema, IsoDateSchema, MinorUnitsSchema, TimestampSchema } from "./common";

export const IMPORT_FORMATS = ["csv", "ofx", "qif"] as const;
export const ImportFormatSchema = z.enum(IMPORT_FORMATS);

export { DATE_FORMATS };
export const DateFormatSchema = z.enum(DATE_FORMATS);

const ColumnRef = z
  .union([z.string().trim().min(1).max(200), z.number().int().min(0).max(999)])
  .openapi({ description: "A header name (case-insensitive) or a 0-based column index" });

/** How to read one bank's CSV; saved per account and reused when an import names none. */
export const CsvMappingSchema = z
  .strictObject({
    header: z.boolean().default(true).openapi({ description: "Whether the first record holds column names" }),
    skipRows: z
      .number()
      .int()
      .min(0)
      .max(100)
      .default(0)
      .openapi({ description: "Lines of preamble before the header (or the first row)" }),
    delimiter: z.enum(["auto", ",", ";", "\t", "|"]).default("auto"),
    date: ColumnRef,
    dateFormat: DateFormatSchema.default("YYYY-MM-DD"),
    amount: ColumnRef.optional().openapi({ description: "One signed amount column (or use debit/credit)" }),
    debit: ColumnRef.optional().openapi({ description: "Money out, written as a positive number" }),
    credit: ColumnRef.optional().openapi({ description: "Money in" }),
    invertSign: z.boolean().default(false).openapi({ description: "For banks that write spending as positive" }),
    decimalSeparator: z.enum([".", ","]).default("."),
    thousandsSeparator: z.enum(["", ",", ".", " ", "'"]).default(""),
    description: z.union([ColumnRef, z.array(ColumnRef).min(1).max(5)]),
    merchant: ColumnRef.optional(),
    id: ColumnRef.optional().openapi({ description: "The bank's own transaction id, used to skip duplicates" }),
  })
  .refine((m) => (m.amount === undefined) !== (m.debit === undefined && m.credit === undefined), {
    message: "give either amount or debit/credit columns, not both",
    path: ["amount"],
  })
  .refine((m) => m.decimalSeparator !== m.thousandsSeparator, {
    message: "decimal and thousands separators must differ",
    path: ["thousandsSeparator"],
  })
  .openapi("CsvMapping");

export const IMPORT_MODES = ["preview", "commit"] as const;

/**
 * Options of POST /imports, from the query string or (for multipart uploads) the form
 * fields; `mapping` is a JSON-encoded CsvMapping in either place.
 */
export const ImportOptionsSchema = z.strictObject({
  accountId: IdSchema,
  format: ImportFormatSchema.optional().openapi({ description: "Detected from the content when absent" }),
  mode: z.enum(IMPORT_MODES).default("preview"),
  mapping: CsvMappingSchema.optional(),
  dateFormat: DateFormatSchema.optional().openapi({ description: "QIF only: its date order (default MM/DD/YYYY)" }),
  fileName: z.string().trim().min(1).max(255).optional(),
});

export const ImportQuerySchema = z.object({
  accountId: IdSchema.optional(),
  format: ImportFormatSchema.optional(),
  mode: z.enum(IMPORT_MODES).optional(),
  mapping: z.string().max(10_000).optional().openapi({ description: "JSON of a CsvMapping" }),
  dateFormat: DateFormatSchema.optional(),
  fileName: z.string().max(255).optional(),
});

export const ImportFormSchema = z
  .object({
    file: z.any().openapi({ type: "string", format: "binary" }),
    accountId: IdSchema.optional(),
    format: ImportFormatSchema.optional(),
    mode: z.enum(IMPORT_MODES).optional(),
    mapping: z.string().max(10_000).optional().openapi({ description: "JSON of a CsvMapping" }),
    dateFormat: DateFormatSchema.optional(),
  })
  .openapi("ImportUpload");

export const DUPLICATE_REASONS = ["source_id", "existing", "in_file"] as const;

export const ImportRowSchema = z
  .object({
    line: z.number().int().openapi({ description: "1-based line in the file" }),
    date: IsoDateSchema,
    amount: MinorUnitsSchema,
    currency: z.string(),
    description: z.string(),
    merchant: z.string().nullable(),
    sourceId: z.string(),
    duplicate: z.enum(DUPLICATE_REASONS).nullable(),
  })
  .openapi("ImportRow");

export const ImportErrorSchema = z
  .object({ line: z.number().int().nullable(), message: z.string() })
  .openapi("ImportError");

export const ImportResultSchema = z
  .object({
    id: IdSchema.nullable().openapi({ description: "The batch, once committed" }),
    mode: z.enum(IMPORT_MODES),
    format: ImportFormatSchema,
    accountId: IdSchema,
    encoding: z.string(),
    headers: z.array(z.string()).nullable().openapi({ description: "CSV header row, to build a mapping" }),
    mapping: CsvMappingSchema.nullable(),
    mappingSaved: z.boolean(),
    counts: z.object({
      rows: z.number().int(),
      errors: z.number().int(),
      duplicates: z.number().int(),
      new: z.number().int(),
      inserted: z.number().int(),
    }),
    rows: z.array(ImportRowSchema).openapi({ description: "The first 500 parsed rows" }),
    errors: z.array(ImportErrorSchema).openapi({ description: "The first 500 errors" }),
  })
  .openapi("ImportResult");

export const ImportBatchSchema = z
  .object({
    id: IdSchema,
    accountId: IdSchema,
    format: ImportFormatSchema,
    fileName: z.string().nullable(),
    fileSha256: z.string(),
    encoding: z.string(),
    rows: z.number().int(),
    inserted: z.number().int(),
    duplicates: z.number().int(),
    createdBy: IdSchema.nullable(),
    createdAt: TimestampSchema,
  })
  .openapi("ImportBatch");

export const ImportBatchListSchema = z.object({ items: z.array(ImportBatchSchema) }).openapi("ImportBatchList");

export const ImportMappingSchema = z
  .object({ id: IdSchema, accountId: IdSchema, mapping: CsvMappingSchema, updatedAt: TimestampSchema })
  .openapi("ImportMapping");
export const ImportMappingListSchema = z.object({ items: z.array(ImportMappingSchema) }).openapi("ImportMappingList");

/** The whole household as GET /exports/backup.json writes it and POST /imports/backup reads it. */
export const BackupSchema = z
  .object({
    format: z.literal("tandem-backup"),
    version: z.literal(1),
    exportedAt: TimestampSchema,
    household: z.object({ id: IdSchema, name: z.string(), baseCurrency: z.string(), createdAt: TimestampSchema }),
    members: z.array(
      z.object({ id: IdSchema, email: z.string(), displayName: z.string(), createdAt: TimestampSchema }),
    ),
    tables: z
      .record(z.string(), z.array(z.record(z.string(), z.unknown())))
      .openapi({ description: "Rows of every household table, by SQL table name (no secrets)" }),
  })
  .openapi("Backup");

export const RestoreResultSchema = z
  .object({
    householdId: IdSchema,
    tables: z.record(z.string(), z.number().int()).openapi({ description: "Rows restored per table" }),
    members: z.record(z.string(), IdSchema.nullable()).openapi({ description: "Backup member id → member here" }),
  })
  .openapi("RestoreResult");

export type CsvMapping = z.infer<typeof CsvMappingSchema>;
export type ImportFormat = z.infer<typeof ImportFormatSchema>;
export type DateFormat = z.infer<typeof DateFormatSchema>;
export type ImportOptions = z.infer<typeof ImportOptionsSchema>;
export type ImportResult = z.infer<typeof ImportResultSchema>;
export type ImportRow = z.infer<typeof ImportRowSchema>;
export type Backup = z.infer<typeof BackupSchema>;
