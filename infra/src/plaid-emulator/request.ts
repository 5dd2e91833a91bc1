import type { Context } from "hono";
import { errors } from "./errors";

/** Request-body helpers that fail the way Plaid does: MISSING_FIELDS for absent, INVALID_FIELD for malformed. */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export async function readJsonObject(c: Context): Promise<JsonObject> {
  const text = await c.req.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw errors.invalidBody();
  }
  if (!isObject(parsed)) throw errors.invalidBody();
  return parsed;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** Plaid lists every missing field in one error, not just the first. */
export function requireFields(body: JsonObject, fields: string[]): void {
  const missing = fields.filter((field) => !present(body[field]));
  if (missing.length > 0) throw errors.missingFields(missing);
}

export function stringField(body: JsonObject, field: string, label = field): string {
  const value = body[field];
  if (!present(value)) throw errors.missingFields([label]);
  if (typeof value !== "string") throw errors.invalidField(`${label} must be a string`);
  return value;
}

export function optionalString(body: JsonObject, field: string, label = field): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw errors.invalidField(`${label} must be a string`);
  return value;
}

export function optionalObject(body: JsonObject, field: string, label = field): JsonObject | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw errors.invalidField(`${label} must be an object`);
  return value;
}

export function optionalBoolean(body: JsonObject, field: string, label = field): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") throw errors.invalidField(`${label} must be a boolean`);
  return value;
}

export function optionalInteger(
  body: JsonObject,
  field: string,
  range: { min: number; max: number },
  label = field,
): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw errors.invalidField(`${label} must be an integer between ${range.min} and ${range.max}`);
  }
  return value;
}

export function stringArray(body: JsonObject, field: string, label = field): string[] {
  const value = body[field];
  if (value === undefined || value === null) throw errors.missingFields([label]);
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw errors.invalidField(`${label} must be an array of strings`);
  }
  return value as string[];
}

export function validUrl(value: string, label: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return value;
  } catch {
    // fall through
  }
  throw errors.invalidField(`${label} must be a valid URL`);
}
