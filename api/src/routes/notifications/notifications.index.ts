import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./notifications.handlers";
import * as routes from "./notifications.routes";

const router = createRouter();
// A feed is a member's own: a household's API key has no member, so no feed (403 member_required).
router.use(authenticate({ allowApiKeys: false }));

export const notificationsRouter = router
  .openapi(routes.listNotifications, handlers.listNotifications)
  .openapi(routes.unreadCount, handlers.unreadCount)
  .openapi(routes.markManyRead, handlers.markManyRead)
  .openapi(routes.getPreferences, handlers.getPreferences)
  .openapi(routes.updatePreferences, handlers.updatePreferences)
  .openapi(routes.markRead, handlers.markRead);
