import { createRoute } from "@hono/zod-openapi";
import {
  ApplyRulesBodySchema,
  ApplyRulesResultSchema,
  CreateRuleBodySchema,
  DismissSuggestionBodySchema,
  IdParamsSchema,
  PreviewRuleBodySchema,
  ReorderRulesBodySchema,
  RuleListSchema,
  RulePreviewSchema,
  RuleSchema,
  RuleSuggestionListSchema,
  UpdateRuleBodySchema,
} from "@tandem/shared";
import { bearerAuth, jsonBody, jsonContent, problems } from "../../lib/openapi";

const tags = ["Rules"];

export const listRules = createRoute({
  method: "get",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Categorisation rules in the order they run (stage, then priority)",
  responses: { 200: jsonContent(RuleListSchema, "Rules"), ...problems(401) },
});

export const createRule = createRoute({
  method: "post",
  path: "/",
  tags,
  security: bearerAuth,
  summary: "Create a rule (at the bottom of its stage); regexes are checked for safety",
  request: jsonBody(CreateRuleBodySchema),
  responses: { 201: jsonContent(RuleSchema, "Created"), ...problems(400, 401, 403, 422) },
});

export const listSuggestions = createRoute({
  method: "get",
  path: "/suggestions",
  tags,
  security: bearerAuth,
  summary: "Rules suggested by members' repeated re-categorisations (never created silently)",
  responses: { 200: jsonContent(RuleSuggestionListSchema, "Suggestions"), ...problems(401) },
});

export const dismissSuggestion = createRoute({
  method: "post",
  path: "/suggestions/dismiss",
  tags,
  security: bearerAuth,
  summary: "Dismiss a suggestion; it is not offered again",
  request: jsonBody(DismissSuggestionBodySchema),
  responses: { 204: { description: "Dismissed" }, ...problems(400, 401, 403, 422) },
});

export const reorderRules = createRoute({
  method: "post",
  path: "/reorder",
  tags,
  security: bearerAuth,
  summary: "Set the order of every rule (priorities follow the list)",
  request: jsonBody(ReorderRulesBodySchema),
  responses: { 200: jsonContent(RuleListSchema, "Rules in their new order"), ...problems(400, 401, 403, 422) },
});

export const previewRule = createRoute({
  method: "post",
  path: "/preview",
  tags,
  security: bearerAuth,
  summary: "What a rule (new, or an edit of an existing one) would change in history; changes nothing",
  request: jsonBody(PreviewRuleBodySchema),
  responses: { 200: jsonContent(RulePreviewSchema, "The changes it would make"), ...problems(400, 401, 403, 404, 422) },
});

export const applyRules = createRoute({
  method: "post",
  path: "/apply",
  tags,
  security: bearerAuth,
  summary: "Apply one rule, or every enabled rule, to all history (never over a member's choice)",
  request: jsonBody(ApplyRulesBodySchema),
  responses: { 200: jsonContent(ApplyRulesResultSchema, "What changed"), ...problems(400, 401, 403, 404, 422) },
});

export const getRule = createRoute({
  method: "get",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "One rule",
  request: { params: IdParamsSchema },
  responses: { 200: jsonContent(RuleSchema, "The rule"), ...problems(401, 404, 422) },
});

export const updateRule = createRoute({
  method: "patch",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Edit, enable or disable a rule (it does not re-run on history until applied)",
  request: { params: IdParamsSchema, ...jsonBody(UpdateRuleBodySchema) },
  responses: { 200: jsonContent(RuleSchema, "Updated"), ...problems(400, 401, 403, 404, 422) },
});

export const deleteRule = createRoute({
  method: "delete",
  path: "/{id}",
  tags,
  security: bearerAuth,
  summary: "Delete a rule (transactions keep the categories it gave them)",
  request: { params: IdParamsSchema },
  responses: { 204: { description: "Deleted" }, ...problems(401, 403, 404, 422) },
});
