import type { RatesUploadBody } from "@tandem/shared";
import { listRates as list, deleteRates as remove, saveRates } from "../../currency/rates";
import { refreshRates as refresh } from "../../currency/refresh";
import { ratesFromCsv, ratesFromJson, type UploadError } from "../../domain/currency/upload";
import type { AppRouteHandler } from "../../lib/openapi";
import { ApiError } from "../../lib/problem";
import type * as routes from "./rates.routes";

const invalid = (errors: UploadError[]) =>
  new ApiError(
    422,
    "validation_failed",
    `Invalid upload (nothing was saved): ${errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`,
    errors,
  );

export const listRates: AppRouteHandler<typeof routes.listRates> = async (c) =>
  c.json(await list(c.var.deps.db, c.var.principal.householdId, c.req.valid("query")), 200);

export const uploadRates: AppRouteHandler<typeof routes.uploadRates> = async (c) => {
  const isCsv = (c.req.header("content-type") ?? "").toLowerCase().startsWith("text/csv");
  // The CSV type's schema is a plain string, so the validated JSON's type includes it too.
  const parsed = isCsv
    ? ratesFromCsv(await c.req.text())
    : ratesFromJson((c.req.valid("json") as RatesUploadBody).rates);
  if (!parsed.ok) throw invalid(parsed.errors);
  const { inserted, updated, unchanged } = await saveRates(
    c.var.deps.db,
    c.var.principal.householdId,
    parsed.rates,
    "upload",
  );
  return c.json({ inserted, updated, unchanged }, 200);
};

export const deleteRates: AppRouteHandler<typeof routes.deleteRates> = async (c) =>
  c.json({ deleted: await remove(c.var.deps.db, c.var.principal.householdId, c.req.valid("query")) }, 200);

export const refreshRates: AppRouteHandler<typeof routes.refreshRates> = async (c) => {
  const { deps, principal } = c.var;
  return c.json(await refresh(deps.db, principal.householdId, deps.rateProvider, c.req.valid("json")), 200);
};
