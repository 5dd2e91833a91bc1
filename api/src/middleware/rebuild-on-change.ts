import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/types";

/** What the dashboard's sealed charts are made of: a successful write here calls for a rebuild. */
export const CHART_DATA_PREFIXES = ["/transactions", "/accounts", "/categories", "/imports", "/rules", "/plaid/items"];

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * After a successful write to the chart data, asks the dashboard rebuild hook for a
 * rebuild (it coalesces bursts). Syncs report their own changes; see plaid/service.ts.
 */
export function rebuildOnChange(prefixes: readonly string[] = CHART_DATA_PREFIXES): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!WRITES.has(c.req.method) || c.res.status >= 300) return;
    const path = c.req.path;
    if (!prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return;
    c.var.deps.rebuildHook?.changed();
  };
}
