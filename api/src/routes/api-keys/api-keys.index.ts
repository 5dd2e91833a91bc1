import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./api-keys.handlers";
import * as routes from "./api-keys.routes";

const router = createRouter();
router.use(authenticate({ allowApiKeys: false }));

export const apiKeysRouter = router
  .openapi(routes.listApiKeys, handlers.listApiKeys)
  .openapi(routes.createApiKey, handlers.createApiKey)
  .openapi(routes.revokeApiKey, handlers.revokeApiKey);
