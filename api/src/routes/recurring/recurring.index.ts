import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./recurring.handlers";
import * as routes from "./recurring.routes";

const router = createRouter();
router.use(authenticate());

export const recurringRouter = router
  .openapi(routes.listRecurring, handlers.listRecurring)
  .openapi(routes.createRecurring, handlers.createRecurring)
  .openapi(routes.getRecurring, handlers.getRecurring)
  .openapi(routes.updateRecurring, handlers.updateRecurring)
  .openapi(routes.confirmRecurring, handlers.confirmRecurring)
  .openapi(routes.dismissRecurring, handlers.dismissRecurring)
  .openapi(routes.processRecurring, handlers.processRecurring);
