/**
 * A second API process that syncs one Plaid item and nothing else, so a test can
 * SIGKILL it mid-sync. Not a test file: sync-faults.test.ts spawns it with tsx.
 *
 * Input (environment): CHILD_DATABASE_URL, CHILD_PLAID_URL, CHILD_PLAID_CLIENT_ID,
 * CHILD_PLAID_SECRET, CHILD_ITEM_ID, CHILD_APP_SECRET_KEYS (JSON array).
 * Output (stdout, one line each): "page <n>" after each /transactions/sync page, then
 * "done <outcome JSON>".
 */
import type { PlaidApi } from "plaid";
import { createKeyRing } from "../src/crypto/fernet";
import { openDatabase } from "../src/db/client";
import { createPlaidClient } from "../src/plaid/client";
import { syncItem } from "../src/plaid/sync/run";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const handle = await openDatabase({ url: required("CHILD_DATABASE_URL"), pool: { max: 2 } });
const client = createPlaidClient({
  clientId: required("CHILD_PLAID_CLIENT_ID"),
  secret: required("CHILD_PLAID_SECRET"),
  env: "sandbox",
  baseUrl: required("CHILD_PLAID_URL"),
});
let pages = 0;
const transactionsSync = client.transactionsSync.bind(client);
client.transactionsSync = (async (...args: Parameters<PlaidApi["transactionsSync"]>) => {
  const reply = await transactionsSync(...args);
  pages++;
  process.stdout.write(`page ${pages}\n`);
  return reply;
}) as PlaidApi["transactionsSync"];

const outcome = await syncItem(
  {
    db: handle.db,
    plaid: client,
    keyRing: createKeyRing(JSON.parse(required("CHILD_APP_SECRET_KEYS")) as string[]),
    retry: { attempts: 3, baseDelayMs: 2, maxDelayMs: 20 },
    now: () => new Date(),
  },
  required("CHILD_ITEM_ID"),
  "periodic",
);
process.stdout.write(`done ${JSON.stringify(outcome)}\n`);
await handle.close();
