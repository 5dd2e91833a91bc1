import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./me.handlers";
import * as routes from "./me.routes";

const router = createRouter();
router.use(authenticate({ allowApiKeys: false }));

export const meRouter = router
  .openapi(routes.getMe, handlers.getMe)
  .openapi(routes.patchMe, handlers.patchMe)
  .openapi(routes.deleteMe, handlers.deleteMe);
