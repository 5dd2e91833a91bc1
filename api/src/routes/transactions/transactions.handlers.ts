import { toIsoDate } from "@tandem/shared";
import * as ledger from "../../ledger/transactions";
import type { AppRouteHandler } from "../../lib/openapi";
import type { Principal } from "../../lib/types";
import { raiseTransactionAlerts } from "../../notifications/transactions";
import { transactionShare } from "../../splits/share";
import type * as routes from "./transactions.routes";

const memberId = (principal: Principal) => (principal.kind === "member" ? principal.userId : null);

export const listTransactions: AppRouteHandler<typeof routes.listTransactions> = async (c) => {
  return c.json(await ledger.listTransactions(c.var.deps.db, c.var.principal.householdId, c.req.valid("query")), 200);
};

export const getTransaction: AppRouteHandler<typeof routes.getTransaction> = async (c) => {
  const { db } = c.var.deps;
  const { householdId } = c.var.principal;
  const row = await ledger.findTransactionRow(db, householdId, c.req.valid("param").id);
  const [why, share] = await Promise.all([
    ledger.transactionWhy(db, householdId, row),
    transactionShare(db, householdId, row),
  ]);
  return c.json({ ...ledger.toTransaction(row), why, share }, 200);
};

export const createTransaction: AppRouteHandler<typeof routes.createTransaction> = async (c) => {
  const { principal, deps } = c.var;
  const result = await ledger.createTransaction(
    deps.db,
    principal.householdId,
    memberId(principal),
    c.req.valid("json"),
  );
  // On a retry too (created: false): the alert may be what failed the first time; keys make it once.
  await raiseTransactionAlerts(deps.db, principal.householdId, [result.transaction.id], toIsoDate(deps.now()));
  return result.created ? c.json(result.transaction, 201) : c.json(result.transaction, 200);
};

export const updateTransaction: AppRouteHandler<typeof routes.updateTransaction> = async (c) => {
  const { principal, deps } = c.var;
  const id = c.req.valid("param").id;
  return c.json(
    await ledger.updateTransaction(deps.db, principal.householdId, memberId(principal), id, c.req.valid("json")),
    200,
  );
};

export const deleteTransaction: AppRouteHandler<typeof routes.deleteTransaction> = async (c) => {
  await ledger.deleteTransaction(c.var.deps.db, c.var.principal.householdId, c.req.valid("param").id);
  return c.body(null, 204);
};

export const bulkCategorise: AppRouteHandler<typeof routes.bulkCategorise> = async (c) => {
  const { principal, deps } = c.var;
  return c.json(
    await ledger.bulkCategorise(deps.db, principal.householdId, memberId(principal), c.req.valid("json")),
    200,
  );
};
