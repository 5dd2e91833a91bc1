import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./plaid.handlers";
import * as routes from "./plaid.routes";

const router = createRouter();
router.use(authenticate());

export const plaidRouter = router
  .openapi(routes.createLinkToken, handlers.createLinkToken)
  .openapi(routes.exchange, handlers.exchange)
  .openapi(routes.listItems, handlers.listItems)
  .openapi(routes.syncItem, handlers.syncItem)
  .openapi(routes.markRepaired, handlers.markRepaired)
  .openapi(routes.listSyncRuns, handlers.listSyncRuns)
  .openapi(routes.removeItem, handlers.removeItem);
