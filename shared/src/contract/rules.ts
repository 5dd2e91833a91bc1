import { z } from "../zod";
import { IdSchema, IsoDateSchema, MinorUnitsSchema, TimestampSchema } from "./common";
import { CategorySourceSchema } from "./transactions";

/**
 * Categorisation rules. Rules run in stage order (first → normal → last) and, within a
 * stage, by priority (0 first). Each rule sees the transaction as the rules before it left
 * it, so a `first`-stage merchant rename feeds the rules after it. Within a stage the first
 * matching rule to set a field (category, merchant, notes) keeps it; a later stage may
 * override it. Tags accumulate and appended notes append. A member's own choice
 * (a category they picked, a merchant, notes or tags they edited) is never changed.
 */
export const RULE_STAGES = ["first", "normal", "last"] as const;
export const RuleStageSchema = z.enum(RULE_STAGES);
export const RULE_MATCH_MODES = ["all", "any"] as const;

/** Longest regex pattern accepted; longer ones are refused at save time. */
export const RULE_REGEX_MAX_LENGTH = 200;

const Text = z.string().trim().min(1).max(200);
const TextList = z.array(Text).min(1).max(50);
const TEXT_FIELDS = ["description", "merchant", "plaidCategory"] as const;

const TextCondition = z.discriminatedUnion("op", [
  z.strictObject({ field: z.enum(TEXT_FIELDS), op: z.literal("is"), value: Text }),
  z.strictObject({ field: z.enum(TEXT_FIELDS), op: z.literal("contains"), value: Text }),
  z.strictObject({ field: z.enum(TEXT_FIELDS), op: z.literal("startsWith"), value: Text }),
  z.strictObject({
    field: z.enum(TEXT_FIELDS),
    op: z.literal("regex"),
    value: z.string().min(1).max(RULE_REGEX_MAX_LENGTH).openapi({
      description:
        "A JavaScript regular expression, matched case-insensitively; patterns that could backtrack catastrophically are refused",
    }),
  }),
  z.strictObject({ field: z.enum(TEXT_FIELDS), op: z.literal("oneOf"), value: TextList }),
]);

const AmountRange = z
  .strictObject({ min: MinorUnitsSchema.min(0).optional(), max: MinorUnitsSchema.min(0).optional() })
  .refine((r) => r.min !== undefined || r.max !== undefined, "give min, max or both")
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, "min must not exceed max");

const DateRange = z
  .strictObject({ from: IsoDateSchema.optional(), to: IsoDateSchema.optional() })
  .refine((r) => r.from !== undefined || r.to !== undefined, "give from, to or both")
  .refine((r) => !(r.from && r.to) || r.from <= r.to, "from must not be after to");

export const RuleConditionSchema = z
  .union([
    TextCondition,
    z.strictObject({ field: z.literal("account"), op: z.literal("is"), value: IdSchema }),
    z.strictObject({ field: z.literal("account"), op: z.literal("oneOf"), value: z.array(IdSchema).min(1).max(50) }),
    z
      .strictObject({ field: z.literal("amount"), op: z.literal("is"), value: MinorUnitsSchema.min(0) })
      .openapi({ description: "Compares the magnitude (absolute value) in minor units; combine with sign" }),
    z.strictObject({ field: z.literal("amount"), op: z.literal("between"), value: AmountRange }),
    z.strictObject({ field: z.literal("sign"), op: z.literal("is"), value: z.enum(["outflow", "inflow"]) }),
    z.strictObject({ field: z.literal("date"), op: z.literal("is"), value: IsoDateSchema }),
    z.strictObject({ field: z.literal("date"), op: z.literal("between"), value: DateRange }),
  ])
  .openapi("RuleCondition", {
    description:
      "Text conditions (description, merchant, plaidCategory) are case-insensitive. Amount conditions compare the magnitude; `sign` tells money out from money in.",
  });

export const RuleActionSchema = z
  .discriminatedUnion("type", [
    z.strictObject({ type: z.literal("setCategory"), categoryId: IdSchema }),
    z.strictObject({ type: z.literal("renameMerchant"), merchant: Text }),
    z.strictObject({ type: z.literal("addTags"), tags: z.array(z.string().trim().min(1).max(40)).min(1).max(20) }),
    z.strictObject({ type: z.literal("setNotes"), notes: z.string().min(1).max(2000) }),
    z.strictObject({ type: z.literal("appendNotes"), notes: z.string().min(1).max(2000) }),
  ])
  .openapi("RuleAction");

const uniqueActionTypes = (actions: { type: string }[]) => new Set(actions.map((a) => a.type)).size === actions.length;
const notesOnce = (actions: { type: string }[]) =>
  !(actions.some((a) => a.type === "setNotes") && actions.some((a) => a.type === "appendNotes"));

const RuleFields = {
  name: z.string().trim().min(1).max(120),
  enabled: z.boolean(),
  stage: RuleStageSchema,
  match: z.enum(RULE_MATCH_MODES).openapi({ description: "all: every condition must hold (AND); any: one is enough" }),
  conditions: z.array(RuleConditionSchema).min(1).max(20),
  actions: z.array(RuleActionSchema).min(1).max(5),
};

export const RuleSchema = z
  .object({
    id: IdSchema,
    ...RuleFields,
    priority: z.number().int().openapi({ description: "Order within the stage; 0 runs first" }),
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .openapi("Rule");

export const CreateRuleBodySchema = z
  .strictObject({
    name: RuleFields.name,
    enabled: RuleFields.enabled.default(true),
    stage: RuleFields.stage.default("normal"),
    match: RuleFields.match.default("all"),
    conditions: RuleFields.conditions,
    actions: RuleFields.actions,
  })
  .refine((r) => uniqueActionTypes(r.actions), { message: "each action type at most once", path: ["actions"] })
  .refine((r) => notesOnce(r.actions), { message: "setNotes and appendNotes exclude each other", path: ["actions"] })
  .openapi("CreateRuleBody");

export const UpdateRuleBodySchema = z
  .strictObject({
    name: RuleFields.name.optional(),
    enabled: RuleFields.enabled.optional(),
    stage: RuleFields.stage.optional(),
    match: RuleFields.match.optional(),
    conditions: RuleFields.conditions.optional(),
    actions: RuleFields.actions.optional(),
  })
  .refine((r) => !r.actions || uniqueActionTypes(r.actions), {
    message: "each action type at most once",
    path: ["actions"],
  })
  .refine((r) => !r.actions || notesOnce(r.actions), {
    message: "setNotes and appendNotes exclude each other",
    path: ["actions"],
  })
  .openapi("UpdateRuleBody");

export const RuleListSchema = z.object({ items: z.array(RuleSchema) }).openapi("RuleList");

export const ReorderRulesBodySchema = z
  .strictObject({
    ids: z
      .array(IdSchema)
      .min(1)
      .max(1000)
      .openapi({ description: "Every rule of the household, each once, in the new order (top runs first)" }),
  })
  .openapi("ReorderRulesBody");

export const PreviewRuleBodySchema = z
  .strictObject({
    ruleId: IdSchema.optional().openapi({
      description: "Preview an edit of this rule; omitted fields keep its values",
    }),
    rule: UpdateRuleBodySchema.optional().openapi({ description: "The rule (new) or the changed fields (edit)" }),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .refine((b) => b.ruleId || b.rule, { message: "give a rule, a ruleId, or both", path: ["rule"] })
  .openapi("PreviewRuleBody");

const TransactionState = z.object({
  categoryId: IdSchema.nullable(),
  categorySource: CategorySourceSchema.nullable(),
  merchant: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
});

export const RulePreviewSchema = z
  .object({
    examined: z.number().int().openapi({ description: "Transactions of the household looked at" }),
    matched: z.number().int().openapi({ description: "Transactions the rule's conditions match" }),
    total: z.number().int().openapi({ description: "Transactions that would change" }),
    protected: z
      .number()
      .int()
      .openapi({ description: "Matched transactions where a member's own choice keeps a field unchanged" }),
    items: z.array(
      z.object({
        transactionId: IdSchema,
        date: IsoDateSchema,
        description: z.string(),
        amount: MinorUnitsSchema,
        currency: z.string(),
        before: TransactionState,
        after: TransactionState,
      }),
    ),
    truncated: z.boolean(),
  })
  .openapi("RulePreview");

export const ApplyRulesBodySchema = z
  .strictObject({
    ruleId: IdSchema.optional().openapi({ description: "Apply only this rule; without it every enabled rule" }),
  })
  .openapi("ApplyRulesBody");

export const ApplyRulesResultSchema = z
  .object({
    examined: z.number().int(),
    matched: z.number().int(),
    changed: z.number().int(),
    protected: z.number().int(),
    fields: z.object({
      category: z.number().int(),
      merchant: z.number().int(),
      tags: z.number().int(),
      notes: z.number().int(),
    }),
  })
  .openapi("ApplyRulesResult");

export const RuleSuggestionSchema = z
  .object({
    id: z.string().openapi({ description: "Stable key of this suggestion" }),
    field: z.enum(["merchant", "description"]),
    merchant: z
      .string()
      .openapi({ description: "The text members re-categorised (merchant, or description without one)" }),
    categoryId: IdSchema,
    categoryName: z.string(),
    evidence: z.number().int().openapi({ description: "Transactions a member moved to this category" }),
    rule: CreateRuleBodySchema,
  })
  .openapi("RuleSuggestion");

export const RuleSuggestionListSchema = z
  .object({ items: z.array(RuleSuggestionSchema) })
  .openapi("RuleSuggestionList");

export const DismissSuggestionBodySchema = z
  .strictObject({ merchant: Text, categoryId: IdSchema })
  .openapi("DismissSuggestionBody");

export type Rule = z.infer<typeof RuleSchema>;
export type RuleCondition = z.infer<typeof RuleConditionSchema>;
export type RuleAction = z.infer<typeof RuleActionSchema>;
export type RuleStage = z.infer<typeof RuleStageSchema>;
export type CreateRuleBody = z.infer<typeof CreateRuleBodySchema>;
export type UpdateRuleBody = z.infer<typeof UpdateRuleBodySchema>;
export type RulePreview = z.infer<typeof RulePreviewSchema>;
export type ApplyRulesResult = z.infer<typeof ApplyRulesResultSchema>;
export type RuleSuggestion = z.infer<typeof RuleSuggestionSchema>;
