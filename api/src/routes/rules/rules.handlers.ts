import type { AppRouteHandler } from "../../lib/openapi";
import { ApiError } from "../../lib/problem";
import type { Principal } from "../../lib/types";
import * as history from "../../rules/apply";
import * as store from "../../rules/store";
import * as suggestions from "../../rules/suggestions";
import type * as routes from "./rules.routes";

const memberId = (principal: Principal) => (principal.kind === "member" ? principal.userId : null);

export const listRules: AppRouteHandler<typeof routes.listRules> = async (c) => {
  return c.json({ items: await store.listRules(c.var.deps.db, c.var.principal.householdId) }, 200);
};

export const getRule: AppRouteHandler<typeof routes.getRule> = async (c) => {
  const row = await store.findRuleRow(c.var.deps.db, c.var.principal.householdId, c.req.valid("param").id);
  return c.json(store.toRule(row), 200);
};

export const createRule: AppRouteHandler<typeof routes.createRule> = async (c) => {
  const { principal, deps } = c.var;
  return c.json(await store.createRule(deps.db, principal.householdId, memberId(principal), c.req.valid("json")), 201);
};

export const updateRule: AppRouteHandler<typeof routes.updateRule> = async (c) => {
  const { householdId } = c.var.principal;
  return c.json(await store.updateRule(c.var.deps.db, householdId, c.req.valid("param").id, c.req.valid("json")), 200);
};

export const deleteRule: AppRouteHandler<typeof routes.deleteRule> = async (c) => {
  await store.deleteRule(c.var.deps.db, c.var.principal.householdId, c.req.valid("param").id);
  return c.body(null, 204);
};

export const reorderRules: AppRouteHandler<typeof routes.reorderRules> = async (c) => {
  const { householdId } = c.var.principal;
  return c.json({ items: await store.reorderRules(c.var.deps.db, householdId, c.req.valid("json").ids) }, 200);
};

export const previewRule: AppRouteHandler<typeof routes.previewRule> = async (c) => {
  const { db } = c.var.deps;
  const { householdId } = c.var.principal;
  const body = c.req.valid("json");
  let definition: ReturnType<typeof store.mergeRule>;
  if (body.ruleId) {
    definition = store.mergeRule(await store.findRuleRow(db, householdId, body.ruleId), body.rule ?? {});
  } else {
    const rule = body.rule!;
    if (!rule.conditions || !rule.actions) {
      throw new ApiError(422, "validation_failed", "A new rule needs conditions and actions", [
        ...(rule.conditions ? [] : [{ path: "rule.conditions", message: "required" }]),
        ...(rule.actions ? [] : [{ path: "rule.actions", message: "required" }]),
      ]);
    }
    definition = {
      id: "00000000-0000-0000-0000-000000000000",
      name: rule.name ?? "Preview",
      enabled: true,
      stage: rule.stage ?? "normal",
      priority: 0,
      match: rule.match ?? "all",
      conditions: rule.conditions,
      actions: rule.actions,
    };
  }
  await store.assertRuleValid(db, householdId, definition, "rule.");
  return c.json(await history.previewRule(db, householdId, definition, body.limit), 200);
};

export const applyRules: AppRouteHandler<typeof routes.applyRules> = async (c) => {
  const { db } = c.var.deps;
  const { householdId } = c.var.principal;
  const { ruleId } = c.req.valid("json");
  const only = ruleId ? store.toDefinition(await store.findRuleRow(db, householdId, ruleId)) : null;
  return c.json(await history.applyRulesToHistory(db, householdId, only), 200);
};

export const listSuggestions: AppRouteHandler<typeof routes.listSuggestions> = async (c) => {
  return c.json({ items: await suggestions.listSuggestions(c.var.deps.db, c.var.principal.householdId) }, 200);
};

export const dismissSuggestion: AppRouteHandler<typeof routes.dismissSuggestion> = async (c) => {
  const { principal, deps } = c.var;
  await suggestions.dismissSuggestion(deps.db, principal.householdId, memberId(principal), c.req.valid("json"));
  return c.body(null, 204);
};
