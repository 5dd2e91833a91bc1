import { createRoute } from "@hono/zod-openapi";
import {
  MonthlyReportQuerySchema,
  MonthlyReportSchema,
  RegenerateReportQuerySchema,
  ReportHistorySchema,
  z,
} from "@tandem/shared";
import { bearerAuth, jsonContent, problems } from "../../lib/openapi";

const tags = ["Reports"];

export const listReports = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "The kept monthly reports, newest first",
  responses: { 200: jsonContent(ReportHistorySchema, "Kept months"), ...problems(401) },
});

export const getMonthlyReport = createRoute({
  method: "get",
  path: "/monthly",
  tags,
  security: bearerAuth,
  summary:
    "A month's report in the base currency, as JSON or PDF. A finished month is kept the first time it is asked for and served as kept afterwards; the current month is built live",
  request: { query: MonthlyReportQuerySchema },
  responses: {
    200: {
      content: {
        "application/json": { schema: MonthlyReportSchema },
        "application/pdf": { schema: z.string().openapi({ type: "string", format: "binary" }) },
      },
      description: "The report (PDF with ?format=pdf or Accept: application/pdf)",
    },
    ...problems(401, 422),
  },
});

export const regenerateMonthlyReport = createRoute({
  method: "post",
  path: "/monthly",
  tags,
  security: bearerAuth,
  summary: "Build a finished month's report again from today's data and keep it in place of the old one",
  request: { query: RegenerateReportQuerySchema },
  responses: { 200: jsonContent(MonthlyReportSchema, "The new report"), ...problems(401, 403, 422) },
});
