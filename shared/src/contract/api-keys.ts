import { z } from "../zod";
import { IdSchema, TimestampSchema } from "./common";

export const ApiKeySchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    prefix: z.string().openapi({ description: "First characters of the key, to recognise it" }),
    scope: z.literal("read"),
    createdAt: TimestampSchema,
    lastUsedAt: TimestampSchema.nullable(),
    revokedAt: TimestampSchema.nullable(),
  })
  .openapi("ApiKey");

export const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().openapi({ description: "The secret key; shown only in this response" }),
}).openapi("CreatedApiKey");

export const CreateApiKeyBodySchema = z
  .strictObject({ name: z.string().trim().min(1).max(80) })
  .openapi("CreateApiKeyBody");

export type ApiKey = z.infer<typeof ApiKeySchema>;
