import type { RouteConfig, RouteHandler } from "@hono/zod-openapi";
import { ProblemSchema } from "@tandem/shared";
import type { ZodType } from "zod";
import type { AppEnv } from "./types";

export type AppRouteHandler<R extends RouteConfig> = RouteHandler<R, AppEnv>;

export const jsonContent = <T extends ZodType>(schema: T, description: string) => ({
  content: { "application/json": { schema } },
  description,
});

export const jsonBody = <T extends ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

const PROBLEM_DESCRIPTIONS = {
  400: "Malformed request",
  401: "Missing or invalid credentials",
  403: "Not allowed for this credential",
  404: "Not found in your household",
  409: "Conflicts with the current state",
  413: "Body too large",
  422: "Validation failed; `errors` lists each field",
  503: "A dependency is unavailable",
} as const;

/** The problem+json responses a route can return, by status. */
export function problems(...statuses: (keyof typeof PROBLEM_DESCRIPTIONS)[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { content: { "application/problem+json": { schema: ProblemSchema } }, description: PROBLEM_DESCRIPTIONS[status] },
    ]),
  ) as Record<
    (typeof statuses)[number],
    { content: { "application/problem+json": { schema: typeof ProblemSchema } }; description: string }
  >;
}

export const bearerAuth = [{ bearerAuth: [] }];
