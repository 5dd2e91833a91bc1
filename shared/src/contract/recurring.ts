import { z } from "../zod";
import { IdSchema, IsoDateSchema, MinorUnitsSchema } from "./common";
import { TransactionSchema } from "./transactions";

export const RECURRING_CADENCES = ["weekly", "biweekly", "monthly", "yearly"] as const;
export const RecurringCadenceSchema = z.enum(RECURRING_CADENCES);

/** suggested: found in history, awaiting a member; confirmed: counted in forecasts; dismissed: never suggested again. */
export const RECURRING_STATUSES = ["suggested", "confirmed", "dismissed"] as const;
export const RecurringStatusSchema = z.enum(RECURRING_STATUSES);

/** detected: a pattern in the bank's history; template: a member's schedule that creates transactions. */
export const RECURRING_KINDS = ["detected", "template"] as const;
export const RecurringKindSchema = z.enum(RECURRING_KINDS);

export const RecurringSeriesSchema = z
  .object({
    id: IdSchema,
    kind: RecurringKindSchema,
    status: RecurringStatusSchema,
    accountId: IdSchema,
    currency: z.string(),
    merchant: z.string(),
    description: z.string(),
    categoryId: IdSchema.nullable(),
    cadence: RecurringCadenceSchema,
    amount: MinorUnitsSchema.openapi({ description: "Typical amount: the median of the evidence, or the template's" }),
    lastDate: IsoDateSchema.nullable().openapi({ description: "Latest occurrence seen (or created)" }),
    nextDate: IsoDateSchema.nullable().openapi({ description: "Next expected date; null once a template has ended" }),
    nextAmount: MinorUnitsSchema.nullable(),
    startDate: IsoDateSchema.nullable().openapi({ description: "Templates: the first occurrence" }),
    endDate: IsoDateSchema.nullable(),
    occurrences: z.number().int().openapi({ description: "Evidence: matching transactions found (or created)" }),
    confidence: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .openapi({ description: "Detected series: share of expected occurrences that were seen" }),
    evidence: z.array(IdSchema).openapi({ description: "Ids of the latest matching transactions (at most 12)" }),
    editedFields: z.array(z.string()).openapi({ description: "Fields a member set; detection leaves them alone" }),
  })
  .openapi("RecurringSeries");

export const RecurringListSchema = z.object({ items: z.array(RecurringSeriesSchema) }).openapi("RecurringList");

export const ListRecurringQuerySchema = z.object({
  status: RecurringStatusSchema.optional(),
  kind: RecurringKindSchema.optional(),
  accountId: IdSchema.optional(),
});

const Text = z.string().trim().min(1).max(200);
const NonZeroAmount = MinorUnitsSchema.refine((v) => v !== 0, "must not be zero");

export const CreateRecurringBodySchema = z
  .strictObject({
    accountId: IdSchema,
    amount: NonZeroAmount,
    description: Text,
    merchant: Text.nullable().optional(),
    categoryId: IdSchema.nullable().optional(),
    cadence: RecurringCadenceSchema,
    startDate: IsoDateSchema,
    endDate: IsoDateSchema.nullable().optional(),
  })
  .refine((b) => !b.endDate || b.endDate >= b.startDate, {
    message: "endDate must not be before startDate",
    path: ["endDate"],
  })
  .openapi("CreateRecurringBody");

export const UpdateRecurringBodySchema = z
  .strictObject({
    amount: NonZeroAmount.optional(),
    cadence: RecurringCadenceSchema.optional(),
    nextDate: IsoDateSchema.optional().openapi({ description: "Re-anchors the schedule on this date" }),
    accountId: IdSchema.optional(),
    categoryId: IdSchema.nullable().optional(),
    merchant: Text.optional(),
    description: Text.optional(),
    endDate: IsoDateSchema.nullable().optional(),
  })
  .openapi("UpdateRecurringBody");

export const ProcessRecurringQuerySchema = z.object({
  until: IsoDateSchema.optional().openapi({ description: "Create occurrences up to this date (default today)" }),
});

export const ProcessRecurringResultSchema = z
  .object({
    seriesId: IdSchema,
    until: IsoDateSchema,
    processedThrough: IsoDateSchema.nullable(),
    created: z.array(TransactionSchema),
  })
  .openapi("ProcessRecurringResult");

export type RecurringCadence = z.infer<typeof RecurringCadenceSchema>;
export type RecurringStatus = z.infer<typeof RecurringStatusSchema>;
export type RecurringKind = z.infer<typeof RecurringKindSchema>;
export type RecurringSeries = z.infer<typeof RecurringSeriesSchema>;
export type CreateRecurringBody = z.infer<typeof CreateRecurringBodySchema>;
export type UpdateRecurringBody = z.infer<typeof UpdateRecurringBodySchema>;
