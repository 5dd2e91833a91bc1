import { z } from "../zod";
import { CurrencySchema, IdSchema, TimestampSchema } from "./common";

const Email = z
  .email()
  .max(254)
  .transform((value) => value.toLowerCase());
const Password = z.string().min(10, "must be at least 10 characters").max(200, "must be at most 200 characters");
const DisplayName = z.string().trim().min(1).max(80);

export const MemberSchema = z
  .object({
    id: IdSchema,
    email: z.string(),
    displayName: z.string(),
    householdId: IdSchema,
    createdAt: TimestampSchema,
  })
  .openapi("Member");

export const HouseholdSchema = z
  .object({
    id: IdSchema,
    name: z.string(),
    baseCurrency: z.string(),
    members: z.array(z.object({ id: IdSchema, displayName: z.string() })),
  })
  .openapi("Household");

/** Changing the base currency changes what reports convert into; stored amounts keep their own currency. */
export const UpdateHouseholdBodySchema = z
  .strictObject({ name: z.string().trim().min(1).max(80).optional(), baseCurrency: CurrencySchema.optional() })
  .openapi("UpdateHouseholdBody");

export const MeSchema = z.object({ member: MemberSchema, household: HouseholdSchema }).openapi("Me");

export const RegisterBodySchema = z
  .strictObject({
    email: Email,
    password: Password,
    displayName: DisplayName,
    householdName: z.string().trim().min(1).max(80),
    baseCurrency: CurrencySchema.default("USD"),
  })
  .openapi("RegisterBody");

export const JoinBodySchema = z
  .strictObject({
    inviteToken: z.string().min(1).max(200),
    email: Email,
    password: Password,
    displayName: DisplayName,
  })
  .openapi("JoinBody");

export const LoginBodySchema = z
  .strictObject({ email: Email, password: z.string().min(1).max(200) })
  .openapi("LoginBody");

export const RefreshBodySchema = z.strictObject({ refreshToken: z.string().min(1).max(200) }).openapi("RefreshBody");

export const SessionSchema = z
  .object({
    tokenType: z.literal("Bearer"),
    accessToken: z.string(),
    accessTokenExpiresAt: TimestampSchema,
    refreshToken: z.string(),
    refreshTokenExpiresAt: TimestampSchema,
    member: MemberSchema,
  })
  .openapi("Session");

export const InviteSchema = z
  .object({
    inviteToken: z.string().openapi({ description: "Single use; shown only once" }),
    expiresAt: TimestampSchema,
  })
  .openapi("Invite");

export const UpdateMeBodySchema = z
  .strictObject({
    displayName: DisplayName.optional(),
    email: Email.optional(),
    newPassword: Password.optional(),
    currentPassword: z.string().min(1).max(200).optional(),
  })
  .refine((body) => !(body.email || body.newPassword) || body.currentPassword, {
    message: "currentPassword is required to change email or password",
    path: ["currentPassword"],
  })
  .openapi("UpdateMeBody");

export const DeleteMeBodySchema = z.strictObject({ password: z.string().min(1).max(200) }).openapi("DeleteMeBody");

export type Member = z.infer<typeof MemberSchema>;
export type Session = z.infer<typeof SessionSchema>;
export type Me = z.infer<typeof MeSchema>;
export type Household = z.infer<typeof HouseholdSchema>;
export type UpdateHouseholdBody = z.infer<typeof UpdateHouseholdBodySchema>;
