import { monthKey, toIsoDate } from "@tandem/shared";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { households, monthlyReports } from "../db/schema";
import { monthsBefore } from "../domain/analytics/reports";
import { describeError, log } from "../lib/log";
import { getMonthlyReport } from "./history";

/**
 * Keeps last month's report for every household that has none yet, so the history is
 * there even if nobody opened the report. Safe to repeat and to run on several
 * instances: getMonthlyReport keeps the first report and answers later ones with it.
 */
export async function keepLastMonthReports(db: Database, now: Date): Promise<{ kept: number }> {
  const month = monthsBefore(monthKey(toIsoDate(now)), 1);
  const missing = await db
    .select({ id: households.id })
    .from(households)
    .leftJoin(monthlyReports, and(eq(monthlyReports.householdId, households.id), eq(monthlyReports.month, month)))
    .where(isNull(monthlyReports.id));
  let kept = 0;
  for (const { id } of missing) {
    try {
      await getMonthlyReport(db, id, month, now);
      kept++;
    } catch (error) {
      log("error", "monthly report failed", { householdId: id, month, ...describeError(error) });
    }
  }
  return { kept };
}
