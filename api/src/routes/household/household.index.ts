import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./household.handlers";
import * as routes from "./household.routes";

const router = createRouter();
// The dashboard's build-time loaders read this with a read-only API key; writes refuse keys.
router.use(authenticate());

export const householdRouter = router
  .openapi(routes.getHousehold, handlers.getHousehold)
  .openapi(routes.updateHousehold, handlers.updateHousehold);
