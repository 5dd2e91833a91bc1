import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./settlements.handlers";
import * as routes from "./settlements.routes";

const router = createRouter();
router.use(authenticate());

export const settlementsRouter = router
  .openapi(routes.listSettlements, handlers.listSettlements)
  .openapi(routes.createSettlement, handlers.createSettlement)
  .openapi(routes.deleteSettlement, handlers.deleteSettlement);
