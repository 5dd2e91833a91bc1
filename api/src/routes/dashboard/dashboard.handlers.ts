import { DASHBOARD_SEAL_ALGORITHM, deriveHouseholdSealKey } from "@tandem/shared";
import { dashboardTransactionPage } from "../../ledger/transactions";
import type { AppRouteHandler } from "../../lib/openapi";
import { ApiError } from "../../lib/problem";
import type * as routes from "./dashboard.routes";

/**
 * The key opens everything the dashboard shows, so only a signed-in member gets it: the
 * read-only API key that the build uses to fetch data must not also unseal what it built.
 */
export const getKey: AppRouteHandler<typeof routes.getKey> = async (c) => {
  const { principal, deps } = c.var;
  if (principal.kind !== "member") {
    throw new ApiError(403, "member_required", "API keys cannot fetch the dashboard key; sign in as a member");
  }
  const masterKey = deps.config.dashboardSealKey;
  if (!masterKey) {
    throw new ApiError(503, "dashboard_not_configured", "The dashboard is not configured on this server");
  }
  c.header("Cache-Control", "no-store");
  const key = await deriveHouseholdSealKey(masterKey, principal.householdId);
  return c.json({ key, householdId: principal.householdId, algorithm: DASHBOARD_SEAL_ALGORITHM }, 200);
};

export const listTransactions: AppRouteHandler<typeof routes.listTransactions> = async (c) => {
  return c.json(await dashboardTransactionPage(c.var.deps.db, c.var.principal.householdId, c.req.valid("query")), 200);
};
