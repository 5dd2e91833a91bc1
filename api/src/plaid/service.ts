import type { PlaidApi } from "plaid";
import type { KeyRing } from "../crypto/fernet";
import type { Database } from "../db/client";
import { createSyncQueue, type SyncQueue } from "./sync/queue";
import { DEFAULT_RETRY, type RetryPolicy } from "./sync/retry";
import { type SyncEnv, syncItem } from "./sync/run";
import { createVerificationKeyCache, type VerificationKeyCache } from "./webhook-verification";

export interface PlaidSettings {
  webhookUrl: string | null;
  /** Plaid's redirect_uri for OAuth banks; null links only banks that need no redirect. */
  redirectUri?: string | null;
  countryCodes: string[];
  manualSyncCooldownSeconds: number;
}

/** Everything Plaid-related a request may need; absent when Plaid is not configured. */
export interface PlaidService {
  client: PlaidApi;
  keyRing: KeyRing;
  queue: SyncQueue;
  keys: VerificationKeyCache;
  settings: PlaidSettings;
  syncNow: SyncEnv;
}

export interface PlaidServiceOptions {
  db: Database;
  client: PlaidApi;
  keyRing: KeyRing;
  settings: PlaidSettings;
  now: () => Date;
  retry?: RetryPolicy;
  onDataChanged?: (householdId: string) => void;
}

export function createPlaidService(options: PlaidServiceOptions): PlaidService {
  const syncEnv: SyncEnv = {
    db: options.db,
    plaid: options.client,
    keyRing: options.keyRing,
    retry: options.retry ?? DEFAULT_RETRY,
    now: options.now,
    ...(options.onDataChanged ? { onDataChanged: options.onDataChanged } : {}),
  };
  return {
    client: options.client,
    keyRing: options.keyRing,
    queue: createSyncQueue((itemId, trigger) => syncItem(syncEnv, itemId, trigger)),
    keys: createVerificationKeyCache(options.client, options.now),
    settings: options.settings,
    syncNow: syncEnv,
  };
}
