import { eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { plaidItems } from "../db/schema";
import { log } from "../lib/log";
import type { PlaidService } from "./service";

/** Webhooks can be missed (downtime, a lost delivery): every healthy item is also synced on a timer. */
export async function syncHealthyItems(db: Database, plaid: PlaidService): Promise<number> {
  const items = await db.select({ id: plaidItems.id }).from(plaidItems).where(eq(plaidItems.status, "healthy"));
  await Promise.all(items.map((item) => plaid.queue.request(item.id, "periodic")));
  return items.length;
}

export function startPeriodicSync(db: Database, plaid: PlaidService, intervalMinutes: number): () => void {
  if (intervalMinutes <= 0) return () => {};
  const timer = setInterval(() => {
    syncHealthyItems(db, plaid).catch((error: Error) => log("error", "periodic sync failed", { error: error.name }));
  }, intervalMinutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
