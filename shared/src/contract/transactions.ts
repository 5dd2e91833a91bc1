import { z } from "../zod";
import {
  BooleanQuerySchema,
  CurrencySchema,
  CursorSchema,
  IdSchema,
  IsoDateSchema,
  MinorUnitsSchema,
  PageLimitSchema,
  TimestampSchema,
} from "./common";
import { PayerInputSchema, PayerSchema, SplitInputSchema, SplitSchema, TransactionShareSchema } from "./splits";

export const TRANSACTION_SOURCES = ["plaid", "csv", "ofx", "qif", "manual"] as const;
export const TransactionSourceSchema = z.enum(TRANSACTION_SOURCES);

/** Why a transaction has its category: a person, a rule, or Plaid's own guess. */
export const CATEGORY_SOURCES = ["member", "rule", "plaid"] as const;
export const CategorySourceSchema = z.enum(CATEGORY_SOURCES);

export const TransactionSchema = z
  .object({
    id: IdSchema,
    accountId: IdSchema,
    date: IsoDateSchema,
    amount: MinorUnitsSchema,
    currency: z.string(),
    description: z.string(),
    merchant: z.string().nullable(),
    categoryId: IdSchema.nullable(),
    categorySource: CategorySourceSchema.nullable(),
    categorisedBy: z
      .string()
      .nullable()
      .openapi({ description: "Member id, rule id or Plaid category behind categorySource" }),
    notes: z.string().nullable(),
    tags: z.array(z.string()),
    source: TransactionSourceSchema,
    sourceId: z.string(),
    pending: z.boolean(),
    split: SplitSchema.nullable().openapi({ description: "A member's split for this transaction; null: the default" }),
    payer: PayerSchema.nullable().openapi({ description: "Who paid, when not the account's owner; null: the default" }),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .openapi("Transaction");

const Description = z.string().trim().min(1).max(500);
const Merchant = z.string().trim().min(1).max(200);
const Notes = z.string().max(2000);
const Tags = z.array(z.string().trim().min(1).max(40)).max(20);

export const CreateTransactionBodySchema = z
  .strictObject({
    accountId: IdSchema,
    date: IsoDateSchema,
    amount: MinorUnitsSchema,
    currency: CurrencySchema.optional().openapi({ description: "Defaults to the account's; must equal it" }),
    description: Description,
    merchant: Merchant.nullable().optional(),
    categoryId: IdSchema.nullable().optional(),
    notes: Notes.nullable().optional(),
    tags: Tags.optional(),
    pending: z.boolean().default(false),
    split: SplitInputSchema.nullable().optional(),
    payer: PayerInputSchema.nullable().optional(),
    sourceId: z.string().trim().min(1).max(200).optional().openapi({
      description: "Your own id for idempotent retries; creating the same sourceId twice returns the first",
    }),
  })
  .openapi("CreateTransactionBody");

export const UpdateTransactionBodySchema = z
  .strictObject({
    date: IsoDateSchema.optional(),
    amount: MinorUnitsSchema.optional(),
    description: Description.optional(),
    merchant: Merchant.nullable().optional(),
    categoryId: IdSchema.nullable().optional(),
    notes: Notes.nullable().optional(),
    tags: Tags.optional().openapi({ description: "Replaces the tags; rules add none to these afterwards" }),
    pending: z.boolean().optional(),
    split: SplitInputSchema.nullable().optional().openapi({ description: "null goes back to the default" }),
    payer: PayerInputSchema.nullable().optional().openapi({ description: "null goes back to the account's owner" }),
  })
  .openapi("UpdateTransactionBody");

/** Why a transaction has its category, spelled out for one transaction. */
export const CategoryWhySchema = z
  .object({
    source: CategorySourceSchema,
    ruleId: IdSchema.optional(),
    ruleName: z.string().optional().openapi({ description: "Absent when the rule has since been deleted" }),
    memberId: IdSchema.optional(),
    memberName: z.string().optional().openapi({ description: "Absent when the member has since left" }),
    plaidCategory: z.string().optional(),
    plaidConfidence: z.string().optional(),
  })
  .openapi("CategoryWhy");

export const TransactionDetailSchema = TransactionSchema.extend({
  why: CategoryWhySchema.nullable().openapi({ description: "Null when the transaction has no category" }),
  share: TransactionShareSchema,
}).openapi("TransactionDetail");

/** Merchant sorts by the merchant (else the description), category by its name; ties by id. */
export const TRANSACTION_SORTS = ["date", "amount", "merchant", "category"] as const;

export const ListTransactionsQuerySchema = z
  .object({
    from: IsoDateSchema.optional(),
    to: IsoDateSchema.optional(),
    accountId: IdSchema.optional(),
    categoryId: IdSchema.optional(),
    memberId: IdSchema.optional().openapi({
      description: "Paid by this member: from an account of theirs, or with the payer set to them",
    }),
    uncategorised: BooleanQuerySchema.optional(),
    pending: BooleanQuerySchema.optional(),
    minAmount: z.coerce.number().int().safe().optional(),
    maxAmount: z.coerce.number().int().safe().optional(),
    q: z.string().trim().min(1).max(200).optional().openapi({ description: "Text in description or merchant" }),
    sort: z.enum(TRANSACTION_SORTS).default("date"),
    order: z.enum(["asc", "desc"]).default("desc"),
    limit: PageLimitSchema,
    cursor: CursorSchema.optional(),
  })
  .refine((q) => !(q.from && q.to) || q.from <= q.to, { message: "from must not be after to", path: ["from"] })
  .refine((q) => q.minAmount === undefined || q.maxAmount === undefined || q.minAmount <= q.maxAmount, {
    message: "minAmount must not exceed maxAmount",
    path: ["minAmount"],
  })
  .refine((q) => !(q.uncategorised && q.categoryId), {
    message: "uncategorised and categoryId cannot be combined",
    path: ["uncategorised"],
  });

export const TransactionPageSchema = z
  .object({ items: z.array(TransactionSchema), nextCursor: z.string().nullable() })
  .openapi("TransactionPage");

export const BULK_CATEGORISE_MAX = 500;

export const BulkCategoriseBodySchema = z
  .strictObject({
    ids: z.array(IdSchema).min(1).max(BULK_CATEGORISE_MAX),
    categoryId: IdSchema.nullable().openapi({ description: "null removes the category" }),
  })
  .openapi("BulkCategoriseBody");

export const BulkCategoriseResultSchema = z
  .object({
    updated: z.number().int().openapi({ description: "Transactions whose category changed (all in one transaction)" }),
  })
  .openapi("BulkCategoriseResult");

export type Transaction = z.infer<typeof TransactionSchema>;
export type BulkCategoriseBody = z.infer<typeof BulkCategoriseBodySchema>;
export type TransactionDetail = z.infer<typeof TransactionDetailSchema>;
export type CategoryWhy = z.infer<typeof CategoryWhySchema>;
export type TransactionSource = z.infer<typeof TransactionSourceSchema>;
export type ListTransactionsQuery = z.infer<typeof ListTransactionsQuerySchema>;
