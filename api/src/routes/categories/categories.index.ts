import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./categories.handlers";
import * as routes from "./categories.routes";

const router = createRouter();
router.use(authenticate());

export const categoriesRouter = router
  .openapi(routes.listCategories, handlers.listCategories)
  .openapi(routes.getCategory, handlers.getCategory)
  .openapi(routes.createCategory, handlers.createCategory)
  .openapi(routes.updateCategory, handlers.updateCategory)
  .openapi(routes.deleteCategory, handlers.deleteCategory);
