import { z } from "../zod";
import { IdSchema, TimestampSchema } from "./common";

export const PLAID_ITEM_STATUSES = [
  "healthy",
  "login_required",
  "pending_expiration",
  "pending_disconnect",
  "permission_revoked",
  "error",
  "removed",
] as const;

export const LinkTokenBodySchema = z
  .strictObject({
    itemId: IdSchema.optional().openapi({ description: "For update mode: the item whose login must be repaired" }),
  })
  .openapi("LinkTokenBody");

export const LinkTokenSchema = z
  .object({ linkToken: z.string(), expiration: z.string(), mode: z.enum(["create", "update"]) })
  .openapi("LinkToken");

export const ExchangeBodySchema = z
  .strictObject({
    publicToken: z.string().min(1).max(300),
    institution: z
      .strictObject({ id: z.string().min(1).max(100), name: z.string().min(1).max(200) })
      .optional()
      .openapi({ description: "Link's onSuccess metadata.institution, when the client has it" }),
  })
  .openapi("ExchangeBody");

export const SyncRunSchema = z
  .object({
    id: IdSchema,
    trigger: z.string(),
    status: z.string(),
    added: z.number().int(),
    modified: z.number().int(),
    removed: z.number().int(),
    skipped: z.number().int(),
    pages: z.number().int(),
    restarts: z.number().int(),
    retries: z.number().int(),
    errorCode: z.string().nullable(),
    startedAt: TimestampSchema,
    durationMs: z.number().int(),
  })
  .openapi("SyncRun");

export const PlaidItemSchema = z
  .object({
    id: IdSchema,
    institutionId: z.string().nullable(),
    institutionName: z.string().nullable(),
    status: z.enum(PLAID_ITEM_STATUSES),
    needsRelogin: z.boolean(),
    errorCode: z.string().nullable(),
    errorMessage: z.string().nullable(),
    lastSyncAt: TimestampSchema.nullable(),
    lastSuccessAt: TimestampSchema.nullable(),
    lastErrorAt: TimestampSchema.nullable(),
    accountIds: z.array(IdSchema),
    linkedBy: IdSchema.nullable(),
    createdAt: TimestampSchema,
    removedAt: TimestampSchema.nullable(),
  })
  .openapi("PlaidItem");

export const PlaidItemListSchema = z.object({ items: z.array(PlaidItemSchema) }).openapi("PlaidItemList");
export const SyncRunListSchema = z.object({ items: z.array(SyncRunSchema) }).openapi("SyncRunList");

export const SyncResultSchema = z
  .object({
    status: z.enum(["success", "error", "skipped"]),
    errorCode: z.string().optional(),
    added: z.number().int(),
    modified: z.number().int(),
    removed: z.number().int(),
    skipped: z.number().int(),
    durationMs: z.number().int(),
  })
  .openapi("SyncResult");

export const WebhookAckSchema = z.object({ received: z.literal(true) }).openapi("WebhookAck");

export type PlaidItem = z.infer<typeof PlaidItemSchema>;
export type PlaidItemStatus = (typeof PLAID_ITEM_STATUSES)[number];
