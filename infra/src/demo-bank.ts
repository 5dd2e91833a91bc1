import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { type AppDeps, exchangePublicToken, schema } from "@tandem/api";
import { and, desc, eq, ne } from "drizzle-orm";
import { Products } from "plaid";
import { type RunningPlaidEmulator, startPlaidEmulator } from "./plaid-emulator";

const DEMO_INSTITUTION = "ins_109508";
const EMULATOR_SEED = 20_240_601;

/**
 * The emulator keeps its state in memory. Started with the same seed and the same
 * "today" (fixed the first time, kept in .data), it hands out the same bank data on
 * every start, so re-linking the demo bank finds what the database already holds.
 */
export async function startDemoEmulator(statePath: string, port: number): Promise<RunningPlaidEmulator> {
  const state: { today?: string } = existsSync(statePath) ? JSON.parse(readFileSync(statePath, "utf8")) : {};
  if (!state.today) {
    state.today = new Date().toISOString();
    writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`);
  }
  const today = new Date(state.today);
  return startPlaidEmulator({ port, seed: EMULATOR_SEED, now: () => today });
}

/**
 * Links the emulator's bank to the demo household through the same path a member's
 * Link session takes (public token → exchange → sync engine), then waits for the sync.
 */
export async function linkDemoBank(deps: AppDeps, householdId: string, memberEmail: string, webhook: string) {
  const plaid = deps.plaid;
  if (!plaid) throw new Error("Plaid is not configured");
  const { db } = deps;
  const [member] = await db.select().from(schema.users).where(eq(schema.users.email, memberEmail));
  if (!member) throw new Error(`demo member ${memberEmail} not found`);
  // A fresh emulator has a fresh change log: start the demo item's sync from the top.
  await db
    .update(schema.plaidItems)
    .set({ cursor: null })
    .where(and(eq(schema.plaidItems.householdId, householdId), ne(schema.plaidItems.status, "removed")));
  const { data } = await plaid.client.sandboxPublicTokenCreate({
    institution_id: DEMO_INSTITUTION,
    initial_products: [Products.Transactions],
    options: { webhook },
  });
  const item = await exchangePublicToken(plaid, db, householdId, member.id, { publicToken: data.public_token });
  await plaid.queue.idle();
  const [run] = await db
    .select()
    .from(schema.plaidSyncRuns)
    .where(eq(schema.plaidSyncRuns.itemId, item.id))
    .orderBy(desc(schema.plaidSyncRuns.startedAt))
    .limit(1);
  return { item, firstSync: run };
}
