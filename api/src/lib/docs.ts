import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import type { AppEnv } from "./types";

const SCALAR_BUNDLE = "/docs/assets/scalar.js";

/**
 * /openapi.json and the reference page at /docs. The page's script is served from our
 * own node_modules so the docs work offline and make no third-party request.
 */
export function mountDocs(app: OpenAPIHono<AppEnv>, version: string) {
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A member's access token (from /auth/login) or a read-only API key (tdm_ro_…)",
  });
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Tandem API",
      version,
      description: "Finances for a household of two. Amounts are integer minor units with an ISO 4217 currency.",
    },
  });

  let bundle: Promise<string> | undefined;
  app.get(SCALAR_BUNDLE, async (c) => {
    bundle ??= readFile(createRequire(import.meta.url).resolve("@scalar/api-reference/browser/standalone.js"), "utf8");
    c.header("Cache-Control", "public, max-age=86400");
    return c.body(await bundle, 200, { "Content-Type": "text/javascript; charset=utf-8" });
  });
  app.get("/docs", Scalar({ url: "/openapi.json", cdn: SCALAR_BUNDLE, pageTitle: "Tandem API" }));
}
