import { createMiddleware } from "hono/factory";

export interface CorsOptions {
  /** Exact origins (scheme://host[:port]) that may call the API from a browser. */
  origins: readonly string[];
  allowMethods?: readonly string[];
  allowHeaders?: readonly string[];
  maxAgeSeconds?: number;
}

/**
 * CORS for an allow-list only. Unlike a permissive default, an origin not on the list
 * gets no CORS headers at all (its preflight is answered 204 with nothing in it), so
 * the browser blocks the read. `Vary: Origin` keeps shared caches honest.
 */
export function cors({
  origins,
  allowMethods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
  allowHeaders = ["Authorization", "Content-Type", "X-Request-Id"],
  maxAgeSeconds = 600,
}: CorsOptions) {
  const allowed = new Set(origins);
  return createMiddleware(async (c, next) => {
    const origin = c.req.header("origin");
    const permitted = origin !== undefined && allowed.has(origin);
    if (c.req.method === "OPTIONS" && c.req.header("access-control-request-method")) {
      if (!permitted) return c.body(null, 204, { Vary: "Origin" });
      return c.body(null, 204, {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Methods": allowMethods.join(", "),
        "Access-Control-Allow-Headers": allowHeaders.join(", "),
        "Access-Control-Max-Age": String(maxAgeSeconds),
        Vary: "Origin",
      });
    }
    await next();
    c.header("Vary", "Origin", { append: true });
    if (permitted) {
      c.header("Access-Control-Allow-Origin", origin);
      c.header("Access-Control-Expose-Headers", "X-Request-Id, Retry-After");
    }
  });
}
