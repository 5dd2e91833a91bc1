import { z } from "../zod";
import { CurrencySchema, IdSchema, MinorUnitsSchema, TimestampSchema } from "./common";
import { DefaultSplitInputSchema, SplitSchema } from "./splits";

export const ACCOUNT_TYPES = ["checking", "savings", "credit", "cash", "investment", "loan", "other"] as const;
export const AccountTypeSchema = z.enum(ACCOUNT_TYPES);

export const AccountSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    type: AccountTypeSchema,
    institution: z.string().nullable(),
    currency: z.string(),
    openingBalance: MinorUnitsSchema,
    ownerId: IdSchema.nullable().openapi({ description: "The member who owns it; null when shared" }),
    archived: z.boolean(),
    defaultSplit: SplitSchema.nullable().openapi({
      description: "Whose its transactions are by default; null: the owner's, or both equally for a joint account",
    }),
    balance: MinorUnitsSchema.openapi({ description: "Opening balance plus every posted transaction" }),
    pendingAmount: MinorUnitsSchema.openapi({ description: "Sum of pending transactions, not in balance" }),
    transactionCount: z.number().int(),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .openapi("Account");

export const CreateAccountBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120),
    type: AccountTypeSchema,
    institution: z.string().trim().min(1).max(120).nullable().optional(),
    currency: CurrencySchema,
    openingBalance: MinorUnitsSchema.default(0),
    ownerId: IdSchema.nullable().default(null),
    defaultSplit: DefaultSplitInputSchema.nullable().optional(),
  })
  .openapi("CreateAccountBody");

export const UpdateAccountBodySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120).optional(),
    type: AccountTypeSchema.optional(),
    institution: z.string().trim().min(1).max(120).nullable().optional(),
    openingBalance: MinorUnitsSchema.optional(),
    ownerId: IdSchema.nullable().optional(),
    archived: z.boolean().optional(),
    defaultSplit: DefaultSplitInputSchema.nullable().optional(),
  })
  .openapi("UpdateAccountBody");

export const AccountListSchema = z.object({ items: z.array(AccountSchema) }).openapi("AccountList");

export type Account = z.infer<typeof AccountSchema>;
export type AccountType = z.infer<typeof AccountTypeSchema>;
