import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./settle-up.handlers";
import * as routes from "./settle-up.routes";

const router = createRouter();
router.use(authenticate());

export const settleUpRouter = router.openapi(routes.getSettleUp, handlers.getSettleUp);
