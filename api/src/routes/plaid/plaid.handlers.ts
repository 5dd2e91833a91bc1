import type { AppRouteHandler } from "../../lib/openapi";
import { ApiError } from "../../lib/problem";
import type { AppDeps } from "../../lib/types";
import { memberOf } from "../../middleware/authenticate";
import * as items from "../../plaid/items";
import type * as routes from "./plaid.routes";

function plaidOf(deps: AppDeps) {
  if (!deps.plaid) throw new ApiError(503, "plaid_not_configured", "Bank linking is not configured on this server");
  return deps.plaid;
}

export const createLinkToken: AppRouteHandler<typeof routes.createLinkToken> = async (c) => {
  const { householdId, userId } = memberOf(c.var.principal);
  const { deps } = c.var;
  return c.json(
    await items.createLinkToken(plaidOf(deps), deps.db, householdId, userId, c.req.valid("json").itemId),
    200,
  );
};

export const exchange: AppRouteHandler<typeof routes.exchange> = async (c) => {
  const { householdId, userId } = memberOf(c.var.principal);
  const { deps } = c.var;
  return c.json(await items.exchangePublicToken(plaidOf(deps), deps.db, householdId, userId, c.req.valid("json")), 201);
};

export const listItems: AppRouteHandler<typeof routes.listItems> = async (c) => {
  return c.json({ items: await items.listItems(c.var.deps.db, c.var.principal.householdId) }, 200);
};

export const syncItem: AppRouteHandler<typeof routes.syncItem> = async (c) => {
  const { deps, principal } = c.var;
  const plaid = plaidOf(deps);
  const item = await items.findItem(deps.db, principal.householdId, c.req.valid("param").id);
  if (item.status === "removed") throw new ApiError(409, "item_removed", "This bank connection was removed");
  const cooldownMs = plaid.settings.manualSyncCooldownSeconds * 1000;
  const sinceLast = item.lastSyncAt ? deps.now().getTime() - item.lastSyncAt.getTime() : Number.POSITIVE_INFINITY;
  if (sinceLast < cooldownMs) {
    const retryAfter = Math.ceil((cooldownMs - sinceLast) / 1000);
    c.header("Retry-After", String(retryAfter));
    throw new ApiError(429, "sync_too_soon", `This bank synced moments ago; try again in ${retryAfter} s`);
  }
  const { status, errorCode, added, modified, removed, skipped, durationMs } = await plaid.queue.request(
    item.id,
    "manual",
  );
  return c.json({ status, ...(errorCode ? { errorCode } : {}), added, modified, removed, skipped, durationMs }, 200);
};

export const markRepaired: AppRouteHandler<typeof routes.markRepaired> = async (c) => {
  const { deps, principal } = c.var;
  const id = c.req.valid("param").id;
  return c.json(await items.markRepaired(plaidOf(deps), deps.db, principal.householdId, id, deps.now()), 200);
};

export const listSyncRuns: AppRouteHandler<typeof routes.listSyncRuns> = async (c) => {
  const runs = await items.listSyncRuns(c.var.deps.db, c.var.principal.householdId, c.req.valid("param").id);
  return c.json({ items: runs }, 200);
};

export const removeItem: AppRouteHandler<typeof routes.removeItem> = async (c) => {
  const { deps, principal } = c.var;
  await items.removeItem(plaidOf(deps), deps.db, principal.householdId, c.req.valid("param").id, deps.now());
  return c.body(null, 204);
};
