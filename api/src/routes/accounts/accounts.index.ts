import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./accounts.handlers";
import * as routes from "./accounts.routes";

const router = createRouter();
router.use(authenticate());

export const accountsRouter = router
  .openapi(routes.listAccounts, handlers.listAccounts)
  .openapi(routes.getAccount, handlers.getAccount)
  .openapi(routes.createAccount, handlers.createAccount)
  .openapi(routes.updateAccount, handlers.updateAccount)
  .openapi(routes.deleteAccount, handlers.deleteAccount);
