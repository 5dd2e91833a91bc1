import { OpenAPIHono } from "@hono/zod-openapi";
import type { ZodError } from "zod";
import { problem } from "./problem";
import type { AppEnv } from "./types";

export function toFieldErrors(error: ZodError) {
  return error.issues.map((issue) => ({
    path: issue.path.join(".") || "(body)",
    message: issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
  }));
}

/** Every router shares one validation failure shape: 422 with each field's problem. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: (result, c) => {
      if (!result.success) {
        const errors = toFieldErrors(result.error);
        const summary = errors.map((e) => `${e.path}: ${e.message}`).join("; ");
        return problem(c, 422, "validation_failed", `Invalid ${result.target}: ${summary}`, errors);
      }
    },
  });
}
