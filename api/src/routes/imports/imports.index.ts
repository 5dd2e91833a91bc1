import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./imports.handlers";
import * as routes from "./imports.routes";

export { hasOwnBodyLimit } from "./imports.routes";

const router = createRouter();
router.use(authenticate());

export const importsRouter = router
  .openapi(routes.listImports, handlers.listImports)
  .openapi(routes.listMappings, handlers.listMappings)
  .openapi(routes.createImport, handlers.createImport)
  .openapi(routes.restoreBackup, handlers.restoreBackup);
