import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { plaidItems } from "../db/schema";
import type { PlaidService } from "./service";

/** Syncs every healthy item (the scheduler's "plaid-sync" job); resolves when all have finished. */
export async function syncHealthyItems(db: Database, plaid: PlaidService): Promise<number> {
  const items = await db.select({ id: plaidItems.id }).from(plaidItems).where(eq(plaidItems.status, "healthy"));
  await Promise.all(items.map((item) => plaid.queue.request(item.id, "periodic")));
  return items.length;
}
