/**
 * Kept reports. A finished month's report is stored the first time anyone asks for it
 * and served from storage afterwards, so the history shows what was reported then, even
 * after later edits, imports or a new rate; regenerating is an explicit write. The
 * current month is still moving: it is built live on every request and never kept.
 */
import type { MonthlyReport, ReportHistory } from "@tandem/shared";
import { monthKey, toIsoDate } from "@tandem/shared";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { monthlyReports } from "../db/schema";
import { ApiError } from "../lib/problem";
import { buildMonthlyReport } from "./monthly";

function checkMonth(month: string, now: Date): "finished" | "current" {
  const current = monthKey(toIsoDate(now));
  if (month > current) {
    throw new ApiError(422, "future_month", `${month} has not begun yet; the latest report is for ${current}`, [
      { path: "month", message: `must not be after ${current}` },
    ]);
  }
  return month === current ? "current" : "finished";
}

async function findKept(db: Executor, householdId: string, month: string): Promise<MonthlyReport | null> {
  const [row] = await db
    .select({ data: monthlyReports.data })
    .from(monthlyReports)
    .where(and(eq(monthlyReports.householdId, householdId), eq(monthlyReports.month, month)));
  return row ? { ...(row.data as MonthlyReport), status: "kept" } : null;
}

async function generate(db: Executor, householdId: string, month: string, now: Date, status: MonthlyReport["status"]) {
  return { ...(await buildMonthlyReport(db, householdId, month, now)), status } satisfies MonthlyReport;
}

function keptRow(householdId: string, report: MonthlyReport) {
  return {
    householdId,
    month: report.month,
    baseCurrency: report.baseCurrency,
    data: report,
    generatedAt: new Date(report.generatedAt),
  };
}

/** The kept report, else one built now (and kept, when the month is over). */
export async function getMonthlyReport(db: Executor, householdId: string, month: string, now: Date) {
  if (checkMonth(month, now) === "current") return generate(db, householdId, month, now, "live");
  const kept = await findKept(db, householdId, month);
  if (kept) return kept;
  const report = await generate(db, householdId, month, now, "kept");
  // Two first requests at once both build; the first insert wins and both answer with it.
  await db.insert(monthlyReports).values(keptRow(householdId, report)).onConflictDoNothing();
  return (await findKept(db, householdId, month))!;
}

/** Builds a finished month again and keeps the new one in place of the old; the current month is just built. */
export async function regenerateMonthlyReport(db: Executor, householdId: string, month: string, now: Date) {
  if (checkMonth(month, now) === "current") return generate(db, householdId, month, now, "live");
  const report = await generate(db, householdId, month, now, "kept");
  const row = keptRow(householdId, report);
  await db
    .insert(monthlyReports)
    .values(row)
    .onConflictDoUpdate({
      target: [monthlyReports.householdId, monthlyReports.month],
      set: { baseCurrency: row.baseCurrency, data: row.data, generatedAt: row.generatedAt },
    });
  return report;
}

/** Kept months, newest first, with their headline figures. */
export async function listKeptReports(db: Executor, householdId: string): Promise<ReportHistory> {
  const r = monthlyReports;
  const list = await db
    .select({
      month: r.month,
      baseCurrency: r.baseCurrency,
      generatedAt: r.generatedAt,
      totals: sql<MonthlyReport["totals"]>`${r.data} -> 'totals'`,
      unconvertedCount: sql<number>`coalesce((${r.data} -> 'unconverted' ->> 'count')::int, 0)`,
    })
    .from(r)
    .where(eq(r.householdId, householdId))
    .orderBy(desc(r.month));
  return {
    items: list.map((row) => ({
      ...row,
      totals: typeof row.totals === "string" ? JSON.parse(row.totals) : row.totals,
      unconvertedCount: Number(row.unconvertedCount),
      generatedAt: row.generatedAt.toISOString(),
    })),
  };
}
