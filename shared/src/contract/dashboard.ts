import { z } from "../zod";
import { CursorSchema, IdSchema, IsoDateSchema, MinorUnitsSchema } from "./common";

/** The only sealing algorithm so far; loaders and the page check it before they use the key. */
export const DASHBOARD_SEAL_ALGORITHM = "A256GCM" as const;

export const DashboardKeySchema = z
  .object({
    key: z.string().openapi({
      description: "The household's AES-256-GCM key: base64 of 32 bytes. Keep it in memory only",
    }),
    householdId: IdSchema,
    algorithm: z.literal(DASHBOARD_SEAL_ALGORITHM),
  })
  .openapi("DashboardKey");

export const DASHBOARD_PAGE_DEFAULT = 5_000;
export const DASHBOARD_PAGE_MAX = 10_000;

export const DashboardTransactionsQuerySchema = z.object({
  cursor: CursorSchema.optional(),
  limit: z.coerce
    .number()
    .int()
    .min(1, "must be at least 1")
    .max(DASHBOARD_PAGE_MAX, `must be at most ${DASHBOARD_PAGE_MAX}`)
    .default(DASHBOARD_PAGE_DEFAULT),
});

/**
 * One array per field, row i across all of them: a tenth of the JSON of an array of
 * objects at a million rows, and what a data frame takes as it is.
 */
export const DashboardTransactionColumnsSchema = z
  .object({
    date: z.array(IsoDateSchema),
    accountId: z.array(IdSchema),
    categoryId: z.array(IdSchema.nullable()),
    payee: z.array(z.string()).openapi({ description: "The merchant, or the description when there is none" }),
    amount: z.array(MinorUnitsSchema),
    currency: z.array(z.string()),
    pending: z.array(z.boolean()),
  })
  .refine((columns) => new Set(Object.values(columns).map((column) => column.length)).size <= 1, {
    message: "every column must have the same length",
  })
  .openapi("DashboardTransactionColumns");

export const DashboardTransactionPageSchema = z
  .object({
    columns: DashboardTransactionColumnsSchema,
    nextCursor: z.string().nullable().openapi({ description: "Null on the last page" }),
  })
  .openapi("DashboardTransactionPage");

export type DashboardKey = z.infer<typeof DashboardKeySchema>;
export type DashboardTransactionColumns = z.infer<typeof DashboardTransactionColumnsSchema>;
export type DashboardTransactionPage = z.infer<typeof DashboardTransactionPageSchema>;
export type DashboardTransactionsQuery = z.input<typeof DashboardTransactionsQuerySchema>;
