import { toIsoDate } from "@tandem/shared";
import type { Database } from "../db/client";
import { remindAllToSettle } from "../notifications/settle-up";
import { syncHealthyItems } from "../plaid/periodic";
import type { PlaidService } from "../plaid/service";
import { runRecurringPass } from "../recurring/job";
import { keepLastMonthReports } from "../reports/job";
import type { ScheduledJob } from "./scheduler";

export interface ScheduleDeps {
  db: Database;
  plaid: PlaidService | null;
  now: () => Date;
}

/** Every piece of scheduled work, in one place. Each is safe to repeat (see the pass it runs). */
export function tandemJobs({ db, plaid, now }: ScheduleDeps, plaidSyncIntervalMinutes: number): ScheduledJob[] {
  const jobs: ScheduledJob[] = [
    // Due template occurrences become transactions, then upcoming payments are announced.
    { name: "recurring", intervalMinutes: 60, leaseMinutes: 30, run: () => runRecurringPass(db, now()) },
    // Settle-up reminders: once per month and currency however often this runs.
    {
      name: "notifications",
      intervalMinutes: 24 * 60,
      leaseMinutes: 30,
      run: () => remindAllToSettle(db, toIsoDate(now())),
    },
    // Last month's report is kept for every household, so its history is there unasked.
    { name: "monthly-reports", intervalMinutes: 6 * 60, leaseMinutes: 60, run: () => keepLastMonthReports(db, now()) },
  ];
  // Webhooks can be missed (downtime, a lost delivery): healthy banks are also synced on a timer.
  if (plaid && plaidSyncIntervalMinutes > 0) {
    jobs.push({
      name: "plaid-sync",
      intervalMinutes: plaidSyncIntervalMinutes,
      leaseMinutes: 60,
      run: () => syncHealthyItems(db, plaid),
    });
  }
  return jobs;
}
