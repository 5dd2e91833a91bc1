import { z } from "../zod";
import { CurrencySchema, IdSchema, IsoDateSchema, MinorUnitsSchema, TimestampSchema } from "./common";

export const GOAL_STATUSES = ["complete", "on_track", "behind", "no_deadline"] as const;
export const GoalStatusSchema = z.enum(GOAL_STATUSES);

export const GoalProgressSchema = z
  .object({
    saved: MinorUnitsSchema.openapi({ description: "Sum of the linked contributions (see contributions' value)" }),
    remaining: MinorUnitsSchema.openapi({ description: "Target minus saved, never below 0" }),
    percent: z.number().openapi({ description: "saved / target in percent, floored to one decimal" }),
    contributionCount: z.number().int(),
    monthlyRate: MinorUnitsSchema.openapi({
      description: "Average saved per calendar month since the first contribution (floored)",
    }),
    projectedCompletion: IsoDateSchema.nullable().openapi({
      description: "When the target is reached at monthlyRate; null without progress",
    }),
    requiredMonthly: MinorUnitsSchema.nullable().openapi({
      description: "Per month needed from now to meet the deadline; null without a deadline",
    }),
    status: GoalStatusSchema,
  })
  .openapi("GoalProgress");

export const GoalSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    targetAmount: MinorUnitsSchema,
    currency: z.string(),
    deadline: IsoDateSchema.nullable(),
    accountId: IdSchema.nullable(),
    progress: GoalProgressSchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .openapi("Goal");

export const GoalListSchema = z.object({ items: z.array(GoalSchema) }).openapi("GoalList");

export const GoalContributionSchema = z
  .object({
    transactionId: IdSchema,
    accountId: IdSchema,
    date: IsoDateSchema,
    amount: MinorUnitsSchema,
    value: MinorUnitsSchema.openapi({
      description:
        "What it adds to the goal: +amount on the goal's account, -amount on any other account (money sent to the goal); |amount| when the goal has no account",
    }),
    description: z.string(),
  })
  .openapi("GoalContribution");

export const GoalContributionListSchema = z
  .object({ items: z.array(GoalContributionSchema), goal: GoalSchema })
  .openapi("GoalContributionList");

const Name = z.string().trim().min(1).max(120);
const Target = MinorUnitsSchema.refine((v) => v > 0, "must be more than zero");

export const CreateGoalBodySchema = z
  .strictObject({
    name: Name,
    targetAmount: Target,
    currency: CurrencySchema.optional().openapi({
      description: "Defaults to the linked account's currency, else the household's",
    }),
    deadline: IsoDateSchema.nullable().optional(),
    accountId: IdSchema.nullable().optional(),
  })
  .openapi("CreateGoalBody");

export const UpdateGoalBodySchema = z
  .strictObject({
    name: Name.optional(),
    targetAmount: Target.optional(),
    deadline: IsoDateSchema.nullable().optional(),
    accountId: IdSchema.nullable().optional(),
  })
  .openapi("UpdateGoalBody");

export const GoalContributionsBodySchema = z
  .strictObject({
    transactionIds: z.array(IdSchema).max(200, "at most 200 at a time").default([]),
  })
  .openapi("GoalContributionsBody");

export type Goal = z.infer<typeof GoalSchema>;
export type GoalProgress = z.infer<typeof GoalProgressSchema>;
export type GoalStatus = z.infer<typeof GoalStatusSchema>;
export type GoalContribution = z.infer<typeof GoalContributionSchema>;
export type CreateGoalBody = z.infer<typeof CreateGoalBodySchema>;
export type UpdateGoalBody = z.infer<typeof UpdateGoalBodySchema>;
