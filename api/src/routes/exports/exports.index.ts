import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./exports.handlers";
import * as routes from "./exports.routes";

const router = createRouter();
router.use(authenticate());

export const exportsRouter = router
  .openapi(routes.exportTransactions, handlers.exportTransactions)
  .openapi(routes.exportBackup, handlers.exportBackup);
