import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./analytics.handlers";
import * as routes from "./analytics.routes";

// Members and read-only API keys alike: every route here only reads.
// Registered one statement at a time rather than chained: the chained type of seven
// report schemas merged into the app's is more than TypeScript will represent (TS2590),
// and nothing uses the app's route types (no RPC client); /openapi.json is unaffected.
export const analyticsRouter = createRouter();
analyticsRouter.use(authenticate());
analyticsRouter.openapi(routes.spendingByCategory, handlers.spendingByCategory);
analyticsRouter.openapi(routes.incomeExpense, handlers.incomeExpense);
analyticsRouter.openapi(routes.trends, handlers.trends);
analyticsRouter.openapi(routes.topMerchants, handlers.topMerchants);
analyticsRouter.openapi(routes.balances, handlers.balances);
analyticsRouter.openapi(routes.netWorth, handlers.netWorth);
analyticsRouter.openapi(routes.savingsRate, handlers.savingsRate);
