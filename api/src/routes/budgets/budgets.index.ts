import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./budgets.handlers";
import * as routes from "./budgets.routes";

const router = createRouter();
router.use(authenticate());

// /status before /{id}, or "status" would be read as an id.
export const budgetsRouter = router
  .openapi(routes.listBudgets, handlers.listBudgets)
  .openapi(routes.budgetStatus, handlers.budgetStatus)
  .openapi(routes.getBudget, handlers.getBudget)
  .openapi(routes.createBudget, handlers.createBudget)
  .openapi(routes.updateBudget, handlers.updateBudget)
  .openapi(routes.deleteBudget, handlers.deleteBudget);
