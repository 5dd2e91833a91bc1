import type { Context } from "hono";
import type { PlaidErrorBody } from "./errors";
import { isObject, type JsonObject } from "./request";

/** What the control API's handlers share: its error and its body readers. Errors are { error: message }. */

/** How a Link session ended, for the stand-in Link to hand to onExit (Plaid's error, or null, and an exit status). */
export interface LinkExit {
  error: PlaidErrorBody | null;
  exitStatus: string;
}

export class ControlError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 = 400,
    readonly linkExit?: LinkExit,
  ) {
    super(message);
  }

  get body() {
    return {
      error: this.message,
      ...(this.linkExit ? { link_error: this.linkExit.error, exit_status: this.linkExit.exitStatus } : {}),
    };
  }
}

export async function readBody(c: Context): Promise<JsonObject> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (isObject(parsed)) return parsed;
  } catch {
    // reported below
  }
  throw new ControlError("body must be a JSON object");
}

export function integer(body: JsonObject, field: string, min: number, max: number): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new ControlError(`${field} must be an integer between ${min} and ${max}`);
  }
  return value;
}

export function string(body: JsonObject, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new ControlError(`${field} must be a string`);
  return value;
}

export function institutionId(body: JsonObject): string | undefined {
  const id = string(body, "institution_id");
  if (id !== undefined && !/^ins_\d+$/.test(id)) throw new ControlError("institution_id must look like ins_<digits>");
  return id;
}
