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

/**
 * Paths of strings holding U+0000. JSON and query strings can carry it, but PostgreSQL
 * text cannot store it (nor compare against it), so it would fail in the database as a 500.
 */
export function nulCharacterPaths(value: unknown, path: string[] = []): string[] {
  if (typeof value === "string") return value.includes("\u0000") ? [path.join(".") || "(body)"] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulCharacterPaths(item, [...path, String(i)]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => nulCharacterPaths(item, [...path, key]));
  }
  return [];
}

/** Every router shares one validation failure shape: 422 with each field's problem. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    strict: false,
    defaultHook: (result, c) => {
      const errors = result.success
        ? nulCharacterPaths(result.data).map((path) => ({ path, message: "must not contain NUL (\\u0000) characters" }))
        : toFieldErrors(result.error);
      if (errors.length > 0) {
        const summary = errors.map((e) => `${e.path}: ${e.message}`).join("; ");
        return problem(c, 422, "validation_failed", `Invalid ${result.target}: ${summary}`, errors);
      }
    },
  });
}
