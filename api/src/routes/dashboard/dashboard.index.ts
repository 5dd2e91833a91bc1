import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./dashboard.handlers";
import * as routes from "./dashboard.routes";

const router = createRouter();
// API keys may read the transactions (the build's loaders); the key handler admits members only.
router.use(authenticate());

export const dashboardRouter = router
  .openapi(routes.getKey, handlers.getKey)
  .openapi(routes.listTransactions, handlers.listTransactions);
