import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./forecast.handlers";
import * as routes from "./forecast.routes";

const router = createRouter();
router.use(authenticate());

export const forecastRouter = router.openapi(routes.getForecast, handlers.getForecast);
