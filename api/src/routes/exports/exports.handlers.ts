import { exportBackup as backup } from "../../imports/backup";
import { transactionsCsv } from "../../imports/export-csv";
import type { AppRouteHandler } from "../../lib/openapi";
import type * as routes from "./exports.routes";

export const exportTransactions: AppRouteHandler<typeof routes.exportTransactions> = async (c) => {
  const { deps, principal } = c.var;
  const stream = transactionsCsv(deps.db, principal.householdId, c.req.valid("query"));
  return c.body(stream, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": 'attachment; filename="transactions.csv"',
  }) as never;
};

export const exportBackup: AppRouteHandler<typeof routes.exportBackup> = async (c) => {
  const { deps, principal } = c.var;
  const body = await backup(deps.db, principal.householdId, deps.now());
  c.header("Content-Disposition", 'attachment; filename="tandem-backup.json"');
  return c.json(body, 200);
};
