import { createRoute } from "@hono/zod-openapi";
import {
  BackupSchema,
  ImportBatchListSchema,
  ImportFormSchema,
  ImportMappingListSchema,
  ImportQuerySchema,
  ImportResultSchema,
  RestoreResultSchema,
  z,
} from "@tandem/shared";
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";
import { ApiError, problem } from "../../lib/problem";
import type { AppEnv } from "../../lib/types";

const tags = ["Imports"];

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** A backup holds every transaction; JSON is wordier than the bank's file. */
export const MAX_BACKUP_BYTES = 256 * 1024 * 1024;

const RAW_TYPES = [
  "application/octet-stream",
  "text/csv",
  "text/plain",
  "application/x-ofx",
  "application/vnd.intu.qfx",
  "application/x-qif",
] as const;

const limit = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: (c) =>
      problem(c, 413, "payload_too_large", `Uploads to ${c.req.path} are limited to ${maxSize / (1024 * 1024)} MB`),
  });

/** Refuses other media types with a message about uploads, before the validators' generic 415. */
const uploadTypes = createMiddleware<AppEnv>(async (c, next) => {
  const essence = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (essence !== "multipart/form-data" && !(RAW_TYPES as readonly string[]).includes(essence)) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      `Upload the file as multipart/form-data (field "file") or as a raw body (${RAW_TYPES.join(", ")})`,
    );
  }
  await next();
});

const binary = z.string().openapi({ type: "string", format: "binary" });

export const createImport = createRoute({
  method: "post",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Preview or commit a CSV, OFX/QFX or QIF file into an account (up to 50 MB)",
  description:
    "Send the file as multipart/form-data (field `file`, options as fields) or as the raw body with the options in the query. `mode=preview` (default) parses and reports duplicates and errors, writing nothing; `mode=commit` imports atomically: any row error refuses the whole file. A CSV mapping given with a commit is saved for the account and used when an import names none.",
  middleware: [limit(MAX_UPLOAD_BYTES), uploadTypes] as const,
  request: {
    query: ImportQuerySchema,
    // Not "required" for the validator's sake: it would then parse every body as a form.
    // The handler refuses an empty upload itself.
    body: {
      required: false,
      content: {
        "multipart/form-data": { schema: ImportFormSchema },
        ...Object.fromEntries(RAW_TYPES.map((type) => [type, { schema: binary }])),
      },
    },
  },
  responses: {
    200: jsonContent(ImportResultSchema, "The preview, or what the commit did"),
    ...problems(400, 401, 403, 413, 422),
  },
});

export const listImports = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Committed import batches, newest first (the latest 200)",
  responses: { 200: jsonContent(ImportBatchListSchema, "Batches"), ...problems(401) },
});

export const listMappings = createRoute({
  method: "get",
  path: "/mappings",
  tags,
  security: bearerAuth,
  summary: "The saved CSV mapping of each account",
  responses: { 200: jsonContent(ImportMappingListSchema, "Mappings"), ...problems(401) },
});

export const restoreBackup = createRoute({
  method: "post",
  path: "/backup",
  tags,
  security: bearerAuth,
  summary: "Restore a backup.json into this household, which must have no accounts or transactions",
  middleware: [limit(MAX_BACKUP_BYTES)] as const,
  request: jsonBody(BackupSchema),
  responses: {
    201: jsonContent(RestoreResultSchema, "Restored"),
    ...problems(400, 401, 403, 409, 413, 422),
  },
});

/** Paths whose routes set their own body limit; the app's global 1 MB limit skips them. */
export function hasOwnBodyLimit(method: string, path: string): boolean {
  return method === "POST" && (path === "/imports" || path === "/imports/" || path === "/imports/backup");
}
