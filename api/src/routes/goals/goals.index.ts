import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./goals.handlers";
import * as routes from "./goals.routes";

const router = createRouter();
router.use(authenticate());

export const goalsRouter = router
  .openapi(routes.listGoals, handlers.listGoals)
  .openapi(routes.createGoal, handlers.createGoal)
  .openapi(routes.getGoal, handlers.getGoal)
  .openapi(routes.updateGoal, handlers.updateGoal)
  .openapi(routes.deleteGoal, handlers.deleteGoal)
  .openapi(routes.listContributions, handlers.listContributions)
  .openapi(routes.linkContributions, handlers.linkContributions)
  .openapi(routes.unlinkContributions, handlers.unlinkContributions);
