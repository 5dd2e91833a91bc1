import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/types";

/** One log line per request (filled in with pino by the logging work). */
export function requestLog(): MiddlewareHandler<AppEnv> {
  return (_c, next) => next();
}
