import type { Context, MiddlewareHandler } from "hono";
import { type Level, log, withLogContext } from "../lib/log";
import type { AppEnv, Principal } from "../lib/types";

export interface RequestLogOptions {
  /** Paths logged at debug only: Render polls /health every few seconds. */
  quietPaths?: string[];
}

/** Who made the request, by id only: enough to follow a household's requests, nothing personal. */
function principalFields(principal: Principal | undefined): Record<string, string> {
  if (!principal) return {};
  if (principal.kind === "apiKey") {
    return { principal: "apiKey", householdId: principal.householdId, apiKeyId: principal.apiKeyId };
  }
  return { principal: "member", householdId: principal.householdId, userId: principal.userId };
}

function levelFor(status: number, path: string, quietPaths: string[]): Level {
  if (status >= 500) return "error";
  return quietPaths.includes(path) ? "debug" : "info";
}

/**
 * One line per request when it ends, and the request id on every line logged while it
 * runs (deep domain code included). Goes right after requestId(). The path is logged
 * without its query string, which can carry tokens.
 */
export function requestLog({ quietPaths = ["/health"] }: RequestLogOptions = {}): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const requestId = c.get("requestId");
    return withLogContext({ requestId }, async () => {
      const started = performance.now();
      try {
        await next();
      } finally {
        logRequest(c, Math.round(performance.now() - started), quietPaths);
      }
    });
  };
}

function logRequest(c: Context<AppEnv>, durationMs: number, quietPaths: string[]) {
  // A throw that escaped onError still ends the request as a 500.
  const status = c.finalized ? c.res.status : 500;
  log(levelFor(status, c.req.path, quietPaths), "request", {
    method: c.req.method,
    path: c.req.path,
    status,
    durationMs,
    ...principalFields(c.get("principal") as Principal | undefined),
  });
}
