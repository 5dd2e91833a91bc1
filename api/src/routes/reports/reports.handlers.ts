import { monthKey, toIsoDate } from "@tandem/shared";
import type { AppRouteHandler } from "../../lib/openapi";
import * as history from "../../reports/history";
import { renderMonthlyReportPdf } from "../../reports/pdf";
import type * as routes from "./reports.routes";

// Reports are a household's finances: no shared cache may keep them.
const PRIVATE = { "Cache-Control": "no-store" };

export const listReports: AppRouteHandler<typeof routes.listReports> = async (c) => {
  const { deps, principal } = c.var;
  return c.json(await history.listKeptReports(deps.db, principal.householdId), 200, PRIVATE);
};

/** ?format wins; without it, a client asking for PDF (and not JSON first) gets PDF. */
function wantsPdf(format: string | undefined, accept: string | undefined): boolean {
  if (format) return format === "pdf";
  return /application\/pdf/i.test(accept ?? "") && !/application\/json/i.test(accept ?? "");
}

export const getMonthlyReport: AppRouteHandler<typeof routes.getMonthlyReport> = async (c) => {
  const { deps, principal } = c.var;
  const now = deps.now();
  const { month = monthKey(toIsoDate(now)), format } = c.req.valid("query");
  const report = await history.getMonthlyReport(deps.db, principal.householdId, month, now);
  if (!wantsPdf(format, c.req.header("accept"))) return c.json(report, 200, PRIVATE);
  const pdf = await renderMonthlyReportPdf(report);
  return c.body(new Uint8Array(pdf), 200, {
    ...PRIVATE,
    "Content-Type": "application/pdf",
    "Content-Disposition": `attachment; filename="tandem-${report.month}.pdf"`,
  }) as never;
};

export const regenerateMonthlyReport: AppRouteHandler<typeof routes.regenerateMonthlyReport> = async (c) => {
  const { deps, principal } = c.var;
  const { month } = c.req.valid("query");
  return c.json(await history.regenerateMonthlyReport(deps.db, principal.householdId, month, deps.now()), 200, PRIVATE);
};
