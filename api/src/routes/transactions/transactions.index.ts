import { createRouter } from "../../lib/router";
import { authenticate } from "../../middleware/authenticate";
import * as handlers from "./transactions.handlers";
import * as routes from "./transactions.routes";

const router = createRouter();
router.use(authenticate());

export const transactionsRouter = router
  .openapi(routes.listTransactions, handlers.listTransactions)
  .openapi(routes.bulkCategorise, handlers.bulkCategorise)
  .openapi(routes.getTransaction, handlers.getTransaction)
  .openapi(routes.createTransaction, handlers.createTransaction)
  .openapi(routes.updateTransaction, handlers.updateTransaction)
  .openapi(routes.deleteTransaction, handlers.deleteTransaction);
