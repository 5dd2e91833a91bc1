import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./rules.handlers";
import * as routes from "./rules.routes";

const router = createRouter();
router.use(authenticate());

// Fixed paths before /{id}, so /suggestions is never read as an id.
export const rulesRouter = router
  .openapi(routes.listRules, handlers.listRules)
  .openapi(routes.createRule, handlers.createRule)
  .openapi(routes.listSuggestions, handlers.listSuggestions)
  .openapi(routes.dismissSuggestion, handlers.dismissSuggestion)
  .openapi(routes.reorderRules, handlers.reorderRules)
  .openapi(routes.previewRule, handlers.previewRule)
  .openapi(routes.applyRules, handlers.applyRules)
  .openapi(routes.getRule, handlers.getRule)
  .openapi(routes.updateRule, handlers.updateRule)
  .openapi(routes.deleteRule, handlers.deleteRule);
