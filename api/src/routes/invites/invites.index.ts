import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./invites.handlers";
import * as routes from "./invites.routes";

const router = createRouter();
router.use(authenticate({ allowApiKeys: false }));

export const invitesRouter = router.openapi(routes.createInvite, handlers.createInvite);
