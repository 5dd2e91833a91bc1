import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./types";

/** Mounts the rate limits on their routes (filled in by the rate-limit work). */
export function applyRateLimits(_app: OpenAPIHono<AppEnv>): void {}
