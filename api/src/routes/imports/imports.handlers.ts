import { ImportOptionsSchema } from "@tandem/shared";
import { restoreBackup as restore } from "../../imports/backup";
import { listBatches, listMappings as mappings, runImport } from "../../imports/run";
import type { AppRouteHandler } from "../../lib/openapi";
import { ApiError } from "../../lib/problem";
import { toFieldErrors } from "../../lib/router";
import type { Principal } from "../../lib/types";
import type * as routes from "./imports.routes";

const memberId = (principal: Principal) => (principal.kind === "member" ? principal.userId : null);

const fail = (path: string, message: string) =>
  new ApiError(422, "validation_failed", `Invalid upload: ${path}: ${message}`, [{ path, message }]);

/** Options come from the query, overridden by form fields; `mapping` is JSON in both. */
function options(fields: Record<string, unknown>) {
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined && key !== "file") merged[key] = value;
  if (typeof merged.mapping === "string") {
    try {
      merged.mapping = JSON.parse(merged.mapping);
    } catch {
      throw fail("mapping", "must be a JSON object");
    }
  }
  const parsed = ImportOptionsSchema.safeParse(merged);
  if (!parsed.success) {
    const errors = toFieldErrors(parsed.error);
    throw new ApiError(
      422,
      "validation_failed",
      `Invalid upload: ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
      errors,
    );
  }
  return parsed.data;
}

export const createImport: AppRouteHandler<typeof routes.createImport> = async (c) => {
  const query = c.req.valid("query");
  const isForm = (c.req.header("content-type") ?? "").toLowerCase().startsWith("multipart/form-data");
  let bytes: Uint8Array;
  let fields: Record<string, unknown> = { ...query };
  if (isForm) {
    const form = c.req.valid("form") as Record<string, unknown>;
    const file = form.file;
    if (!(file instanceof Blob)) throw fail("file", 'attach the file as the form field "file"');
    bytes = new Uint8Array(await file.arrayBuffer());
    fields = { ...fields, ...form };
    if (!fields.fileName && file instanceof File && file.name) fields.fileName = file.name.slice(0, 255);
  } else {
    bytes = new Uint8Array(await c.req.arrayBuffer());
  }
  if (bytes.byteLength === 0) throw fail("file", "the file is empty");
  const { principal, deps } = c.var;
  return c.json(
    await runImport(deps.db, principal.householdId, memberId(principal), { bytes, options: options(fields) }),
    200,
  );
};

export const listImports: AppRouteHandler<typeof routes.listImports> = async (c) =>
  c.json({ items: await listBatches(c.var.deps.db, c.var.principal.householdId) }, 200);

export const listMappings: AppRouteHandler<typeof routes.listMappings> = async (c) =>
  c.json({ items: await mappings(c.var.deps.db, c.var.principal.householdId) }, 200);

export const restoreBackup: AppRouteHandler<typeof routes.restoreBackup> = async (c) =>
  c.json(await restore(c.var.deps.db, c.var.principal.householdId, c.req.valid("json")), 201);
