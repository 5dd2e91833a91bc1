import { createRoute } from "@hono/zod-openapi";
import {
  DeletedRatesSchema,
  DeleteRatesQuerySchema,
  ExchangeRateListSchema,
  RatesQuerySchema,
  RatesRefreshBodySchema,
  RatesRefreshResultSchema,
  RatesUploadBodySchema,
  RatesWriteResultSchema,
  z,
} from "@tandem/shared";
import { createMiddleware } from "hono/factory";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";
import { ApiError } from "../../lib/problem";
import type { AppEnv } from "../../lib/types";

const tags = ["Exchange rates"];

const UPLOAD_TYPES = ["application/json", "text/csv"];

/** Refuses other media types with a message about the two upload formats. */
const uploadTypes = createMiddleware<AppEnv>(async (c, next) => {
  const essence = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (!UPLOAD_TYPES.includes(essence)) {
    throw new ApiError(415, "unsupported_media_type", "Send the rates as application/json or as text/csv");
  }
  await next();
});

const csvText = z.string().openapi({
  type: "string",
  description: "A header line `date,base,quote,rate`, then one rate a line",
  example: "date,base,quote,rate\n2026-01-02,USD,EUR,0.9123\n2026-01-02,USD,JPY,157.1\n",
});

export const listRates = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Stored exchange rates, newest first (filter by pair and dates; paginated)",
  request: { query: RatesQuerySchema },
  responses: { 200: jsonContent(ExchangeRateListSchema, "Rates"), ...problems(400, 401, 422) },
});

export const uploadRates = createRoute({
  method: "post",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Upload exchange rates as JSON or CSV (all or nothing; re-uploading changes nothing)",
  description:
    "Each rate says 1 `base` = `rate` `quote` on `date`. Rates are decimal strings with at most 12 decimals; JSON numbers are refused because they may lose digits. Every row is checked first: any bad row answers 422 naming its index (JSON) or line (CSV) and nothing is written. Otherwise all rows are upserted in one transaction: a new rate for a stored pair and day replaces it (uploads also replace provider rates).",
  middleware: [uploadTypes] as const,
  request: {
    // Not "required", so a CSV body is not run through the JSON validator; the handler checks both.
    body: {
      required: false,
      content: { "application/json": { schema: RatesUploadBodySchema }, "text/csv": { schema: csvText } },
    },
  },
  responses: {
    200: jsonContent(RatesWriteResultSchema, "What the upload changed"),
    ...problems(400, 401, 403, 413, 422),
  },
});

export const deleteRates = createRoute({
  method: "delete",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Delete one pair's rates (stored as base/quote) between two dates, both included",
  request: { query: DeleteRatesQuerySchema },
  responses: { 200: jsonContent(DeletedRatesSchema, "How many rates were deleted"), ...problems(401, 403, 422) },
});

export const refreshRates = createRoute({
  method: "post",
  path: "/refresh",
  tags,
  security: bearerAuth,
  summary: "Fetch rates for the household's account currencies from the configured provider (members only)",
  description:
    "Off unless the server sets RATES_PROVIDER (503 `rates_provider_off`). Fetches 1 base = rate quote for every account currency other than the base, over at most 366 days. Provider rates never replace uploaded ones.",
  request: jsonBody(RatesRefreshBodySchema),
  responses: {
    200: jsonContent(RatesRefreshResultSchema, "What the refresh fetched and changed"),
    ...problems(400, 401, 403, 422, 503),
  },
});
