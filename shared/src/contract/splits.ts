import { z } from "../zod";
import { CurrencySchema, IdSchema, IsoDateSchema, MinorUnitsSchema, TimestampSchema } from "./common";

/**
 * Who a transaction's money belongs to. `personal` without a member means "the payer's";
 * `percent` is kept in basis points so 33.33% is exact; `exact` names each member's part
 * in minor units and only makes sense on one transaction, never as a default.
 */
export const SPLIT_KINDS = ["personal", "equal", "percent", "exact"] as const;

const Percent = z
  .number()
  .min(0)
  .max(100)
  .refine((p) => Math.abs(p * 100 - Math.round(p * 100)) < 1e-6, "must have at most two decimal places");

export const SplitInputSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("personal"), memberId: IdSchema.optional() }),
    z.strictObject({ kind: z.literal("equal") }),
    z.strictObject({
      kind: z.literal("percent"),
      shares: z
        .array(z.strictObject({ memberId: IdSchema, percent: Percent }))
        .min(1)
        .max(2),
    }),
    z.strictObject({
      kind: z.literal("exact"),
      parts: z
        .array(
          z.strictObject({
            memberId: IdSchema,
            amount: MinorUnitsSchema.refine((v) => v >= 0, "must not be negative").openapi({
              description: "This member's part of the transaction's absolute amount, in minor units",
            }),
          }),
        )
        .min(1)
        .max(2),
    }),
  ])
  .openapi("SplitInput");

/** A default for an account or a category: exact amounts belong to one transaction only. */
export const DefaultSplitInputSchema = SplitInputSchema.refine((split) => split.kind !== "exact", {
  message: "exact amounts can be set on a transaction, not as a default",
  path: ["kind"],
}).openapi("DefaultSplitInput");

/** A split as stored and returned: percentages in basis points (1% = 100). */
export const SplitSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("personal"), memberId: IdSchema.optional() }),
    z.object({ kind: z.literal("equal") }),
    z.object({
      kind: z.literal("percent"),
      shares: z.array(z.object({ memberId: IdSchema, basisPoints: z.number().int().min(0).max(10_000) })),
    }),
    z.object({
      kind: z.literal("exact"),
      parts: z.array(z.object({ memberId: IdSchema, amount: MinorUnitsSchema })),
    }),
  ])
  .openapi("Split");

/** Who paid: a member, or the two of them together (a joint account). */
export const PayerSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("member"), memberId: IdSchema }),
    z.object({ kind: z.literal("shared") }),
  ])
  .openapi("Payer");

export const PayerInputSchema = z
  .union([z.literal("shared"), IdSchema])
  .openapi({ description: '"shared" (paid from joint money) or the id of the member who paid' });

export const SHARE_SOURCES = ["transaction", "category", "account", "default"] as const;

export const MemberAmountSchema = z.object({ memberId: IdSchema, amount: MinorUnitsSchema }).openapi("MemberAmount");

/** A transaction's split resolved against its account's and category's defaults. */
export const TransactionShareSchema = z
  .object({
    payer: PayerSchema,
    payerSource: z.enum(["transaction", "account"]),
    split: SplitSchema,
    splitSource: z.enum(SHARE_SOURCES),
    parts: z.array(MemberAmountSchema).openapi({
      description: "Each member's part of the signed amount; the parts add up to the amount exactly",
    }),
    effect: z.array(MemberAmountSchema).openapi({
      description: "What this transaction moves in the settle-up: positive = the member is owed",
    }),
  })
  .openapi("TransactionShare");

export const SettleUpQuerySchema = z
  .object({
    from: IsoDateSchema.optional(),
    to: IsoDateSchema.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .refine((q) => !(q.from && q.to) || q.from <= q.to, { message: "from must not be after to", path: ["from"] });

export const SettlementSchema = z
  .object({
    id: IdSchema,
    fromMemberId: IdSchema.nullable().openapi({ description: "Who paid the settlement; null if they have left" }),
    toMemberId: IdSchema.nullable(),
    amount: MinorUnitsSchema.openapi({ description: "Positive minor units" }),
    currency: z.string(),
    date: IsoDateSchema,
    note: z.string().nullable(),
    transactionId: IdSchema.nullable().openapi({ description: "The synced transfer this settlement is, if any" }),
    createdBy: IdSchema.nullable(),
    createdAt: TimestampSchema,
  })
  .openapi("Settlement");

export const CreateSettlementBodySchema = z
  .strictObject({
    fromMemberId: IdSchema.optional().openapi({ description: "Defaults to the payer of transactionId" }),
    toMemberId: IdSchema.optional().openapi({ description: "Defaults to the other member" }),
    amount: MinorUnitsSchema.refine((v) => v > 0, "must be positive")
      .optional()
      .openapi({
        description: "Required unless transactionId is given (then its absolute amount)",
      }),
    currency: CurrencySchema.optional().openapi({ description: "Defaults to the household's base currency" }),
    date: IsoDateSchema.optional().openapi({ description: "Defaults to today, or the transaction's date" }),
    note: z.string().trim().max(500).nullable().optional(),
    transactionId: IdSchema.optional().openapi({
      description: "Marks a synced transfer between the members as this settlement",
    }),
    idempotencyKey: z.string().trim().min(1).max(200).optional().openapi({
      description: "Your id for safe retries: the same key records one settlement",
    }),
  })
  .openapi("CreateSettlementBody");

export const SettlementListSchema = z.object({ items: z.array(SettlementSchema) }).openapi("SettlementList");

export const SettleUpItemSchema = z
  .object({
    transactionId: IdSchema,
    date: IsoDateSchema,
    description: z.string(),
    merchant: z.string().nullable(),
    accountId: IdSchema,
    amount: MinorUnitsSchema,
    currency: z.string(),
    payer: PayerSchema,
    split: SplitSchema,
    splitSource: z.enum(SHARE_SOURCES),
    effect: z.array(MemberAmountSchema),
  })
  .openapi("SettleUpItem");

export const SettleUpBalanceSchema = z
  .object({
    currency: z.string(),
    net: z.array(MemberAmountSchema).openapi({ description: "Positive = owed to the member; adds up to 0" }),
    debt: z
      .object({ fromMemberId: IdSchema, toMemberId: IdSchema, amount: MinorUnitsSchema })
      .nullable()
      .openapi({ description: "Who owes whom; null when settled" }),
    transactionCount: z.number().int(),
    settledAmount: MinorUnitsSchema.openapi({ description: "Sum of settlements in the range in this currency" }),
  })
  .openapi("SettleUpBalance");

export const SettleUpSchema = z
  .object({
    from: IsoDateSchema.nullable(),
    to: IsoDateSchema,
    members: z.array(z.object({ id: IdSchema, displayName: z.string() })),
    balances: z.array(SettleUpBalanceSchema).openapi({ description: "One per currency; currencies are never added" }),
    items: z.array(SettleUpItemSchema).openapi({ description: "Newest first, up to limit" }),
    itemCount: z.number().int(),
    settlements: z.array(SettlementSchema),
  })
  .openapi("SettleUp");

export type SplitInput = z.infer<typeof SplitInputSchema>;
export type Split = z.infer<typeof SplitSchema>;
export type Payer = z.infer<typeof PayerSchema>;
export type MemberAmount = z.infer<typeof MemberAmountSchema>;
export type TransactionShare = z.infer<typeof TransactionShareSchema>;
export type SettleUp = z.infer<typeof SettleUpSchema>;
export type SettleUpBalance = z.infer<typeof SettleUpBalanceSchema>;
export type Settlement = z.infer<typeof SettlementSchema>;
export type CreateSettlementBody = z.infer<typeof CreateSettlementBodySchema>;
export type ShareSource = (typeof SHARE_SOURCES)[number];
