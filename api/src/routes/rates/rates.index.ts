import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./rates.handlers";
import * as routes from "./rates.routes";

const router = createRouter();
// Read-only API keys may list rates (the dashboard's loaders); every write needs a member.
router.use(authenticate());

export const ratesRouter = router
  .openapi(routes.listRates, handlers.listRates)
  .openapi(routes.uploadRates, handlers.uploadRates)
  .openapi(routes.deleteRates, handlers.deleteRates)
  .openapi(routes.refreshRates, handlers.refreshRates);
