import { AmountOutOfRangeError } from "@tandem/shared";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { mountDocs } from "./lib/docs";
import { describeError, log } from "./lib/log";
import { ApiError, problem } from "./lib/problem";
import { applyRateLimits } from "./lib/rate-limits";
import { createRouter } from "./lib/router";
import type { AppDeps } from "./lib/types";
import { cors } from "./middleware/cors";
import { rebuildOnChange } from "./middleware/rebuild-on-change";
import { requestLog } from "./middleware/request-log";
import { accountsRouter } from "./routes/accounts/accounts.index";
import { analyticsRouter } from "./routes/analytics/analytics.index";
import { apiKeysRouter } from "./routes/api-keys/api-keys.index";
import { authRouter } from "./routes/auth/auth.index";
import { budgetsRouter } from "./routes/budgets/budgets.index";
import { categoriesRouter } from "./routes/categories/categories.index";
import { dashboardRouter } from "./routes/dashboard/dashboard.index";
import { exportsRouter } from "./routes/exports/exports.index";
import { forecastRouter } from "./routes/forecast/forecast.index";
import { goalsRouter } from "./routes/goals/goals.index";
import { healthRouter } from "./routes/health/health.index";
import { householdRouter } from "./routes/household/household.index";
import { hasOwnBodyLimit, importsRouter } from "./routes/imports/imports.index";
import { invitesRouter } from "./routes/invites/invites.index";
import { meRouter } from "./routes/me/me.index";
import { notificationsRouter } from "./routes/notifications/notifications.index";
import { plaidRouter } from "./routes/plaid/plaid.index";
import { plaidWebhookRouter } from "./routes/plaid-webhook/plaid-webhook.index";
import { ratesRouter } from "./routes/rates/rates.index";
import { recurringRouter } from "./routes/recurring/recurring.index";
import { reportsRouter } from "./routes/reports/reports.index";
import { rulesRouter } from "./routes/rules/rules.index";
import { settleUpRouter } from "./routes/settle-up/settle-up.index";
import { settlementsRouter } from "./routes/settlements/settlements.index";
import { transactionsRouter } from "./routes/transactions/transactions.index";

const MAX_BODY_BYTES = 1024 * 1024;

/** Builds the whole API on the given dependencies; tests call this with their own database. */
export function createApp(deps: AppDeps) {
  const app = createRouter();

  app.use(requestId());
  app.use(requestLog());
  app.use(cors({ origins: deps.config.dashboardOrigins }));
  app.use(secureHeaders({ crossOriginResourcePolicy: false, contentSecurityPolicy: undefined }));
  app.use(async (c, next) => {
    c.set("deps", deps);
    await next();
  });
  // File uploads and backups set their own, larger limit on their routes.
  const globalBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => problem(c, 413, "payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES} bytes`),
  });
  app.use((c, next) => (hasOwnBodyLimit(c.req.method, c.req.path) ? next() : globalBodyLimit(c, next)));
  app.use(rebuildOnChange());
  applyRateLimits(app);

  app.route("/health", healthRouter);
  app.route("/auth", authRouter);
  app.route("/invites", invitesRouter);
  app.route("/me", meRouter);
  app.route("/household", householdRouter);
  app.route("/api-keys", apiKeysRouter);
  app.route("/accounts", accountsRouter);
  app.route("/categories", categoriesRouter);
  app.route("/transactions", transactionsRouter);
  app.route("/imports", importsRouter);
  app.route("/exports", exportsRouter);
  app.route("/rules", rulesRouter);
  app.route("/budgets", budgetsRouter);
  app.route("/analytics", analyticsRouter);
  app.route("/recurring", recurringRouter);
  app.route("/goals", goalsRouter);
  app.route("/forecast", forecastRouter);
  app.route("/settle-up", settleUpRouter);
  app.route("/settlements", settlementsRouter);
  app.route("/notifications", notificationsRouter);
  app.route("/rates", ratesRouter);
  app.route("/reports", reportsRouter);
  app.route("/dashboard", dashboardRouter);
  app.route("/plaid/webhook", plaidWebhookRouter);
  app.route("/plaid", plaidRouter);
  mountDocs(app, deps.config.version);
  app.get("/", (c) => c.redirect("/docs"));

  app.notFound((c) => problem(c, 404, "route_not_found", `No route for ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => {
    if (error instanceof ApiError) return problem(c, error.status, error.code, error.message, error.errors);
    // Amounts each within range can add up beyond what JSON carries exactly: say so, never round.
    if (error instanceof AmountOutOfRangeError) {
      return problem(c, 422, "amount_out_of_range", "A total here is beyond ±9,007,199,254,740,991 minor units");
    }
    if (error instanceof HTTPException) {
      if (error.status === 400 && /JSON/i.test(error.message)) {
        return problem(c, 400, "malformed_json", "The request body is not valid JSON");
      }
      if (error.status === 415) {
        return problem(c, 415, "unsupported_media_type", "Send the request body as application/json");
      }
      return problem(c, error.status, "http_error", error.message);
    }
    log("error", "unhandled error", { requestId: c.get("requestId"), path: c.req.path, ...describeError(error) });
    return problem(c, 500, "internal_error", "Something went wrong on our side; the request id helps us find it");
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
