import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./reports.handlers";
import * as routes from "./reports.routes";

const router = createRouter();
router.use(authenticate());

export const reportsRouter = router
  .openapi(routes.listReports, handlers.listReports)
  .openapi(routes.getMonthlyReport, handlers.getMonthlyReport)
  .openapi(routes.regenerateMonthlyReport, handlers.regenerateMonthlyReport);
