import { DEFAULT_INSTITUTION_ID, INSTITUTIONS } from "./catalog";
import { addDays, isoDate } from "./dates";
import { errors, itemLoginRequiredBody, type PlaidErrorBody } from "./errors";
import {
  advanceItem,
  createAccounts,
  createSimState,
  customDraft,
  DEFAULT_DAILY_PURCHASES,
  DEFAULT_HISTORY_DAYS,
  generateHistory,
  MAX_HISTORY_DAYS,
  mutateOne,
  newRecord,
  type SimState,
  settleOpeningBalances,
} from "./generator";
import { accessToken, oauthStateId, plaidId, publicToken } from "./ids";
import { Ledger } from "./ledger";
import { hashSeed, Rng } from "./random";
import { type PlaidAccountJson, type PlaidTransactionJson, toPlaidAccount, toPlaidTransaction } from "./serialize";
import type { AccountKind, AccountRecord } from "./types";
import { payloads, type WebhookDispatcher, type WebhookPayload } from "./webhooks";

export interface ItemState {
  itemId: string;
  seed: number;
  institutionId: string;
  institutionName: string;
  webhook: string | null;
  products: string[];
  createdAt: string;
  accounts: AccountRecord[];
  ledger: Ledger;
  sim: SimState;
  /** Set by /sandbox/item/reset_login: data endpoints fail until the login is repaired. */
  error: PlaidErrorBody | null;
  /** Plaid only sends SYNC_UPDATES_AVAILABLE once /transactions/sync has been called for the Item. */
  syncCalled: boolean;
  lastWebhook: { sent_at: string; code_sent: string } | null;
  lastSuccessfulUpdate: string;
  lastFailedUpdate: string | null;
}

export interface CreateItemOptions {
  institutionId?: string;
  products?: string[];
  webhook?: string | null;
  /** Days of history (Plaid's days_requested); default 90, at most 730. */
  days?: number;
  /** Exact number of live transactions to seed (benchmarks); history is scaled to fit. */
  transactions?: number;
  seed?: number;
  accounts?: AccountKind[];
}

export interface LinkTokenInfo {
  linkToken: string;
  expiresAt: number;
  products: string[];
  webhook: string | null;
  /** Update mode: the Item whose login the Link session repairs. */
  itemId: string | null;
  /** Where an OAuth bank sends the member back (Plaid's redirect_uri); null: no redirect flow. */
  redirectUri: string | null;
}

/** A member who left for an OAuth bank's site: what Link resumes when they come back. */
export interface OAuthState {
  oauthStateId: string;
  linkToken: string;
  institutionId: string;
  expiresAt: number;
  /** What the member chose at the bank; null while they are still there. */
  decision: "allowed" | "denied" | null;
}

export interface AdvanceResult {
  item_id: string;
  added: number;
  modified: number;
  removed: number;
  webhook_fired: boolean;
  /** Items in ITEM_LOGIN_REQUIRED are not refreshed: Plaid cannot reach the bank for them. */
  skipped: string | null;
}

export interface Truth {
  item_id: string;
  accounts: PlaidAccountJson[];
  transactions: PlaidTransactionJson[];
}

const PUBLIC_TOKEN_TTL_MS = 30 * 60 * 1000;
const LINK_TOKEN_TTL_MS = 4 * 60 * 60 * 1000;
const DAY_MS = 86_400_000;

/** Everything the emulator knows: Items, their tokens, the virtual clock. */
export class EmulatorState {
  readonly items = new Map<string, ItemState>();
  readonly linkTokens = new Map<string, LinkTokenInfo>();
  readonly oauthStates = new Map<string, OAuthState>();
  /**
   * The dashboard's "Allowed redirect URIs": null accepts any well-formed one, so a local
   * setup needs no registration step. Kept across reset(), like the signing keys.
   */
  allowedRedirectUris: string[] | null = null;
  private readonly accessTokens = new Map<string, string>();
  private readonly publicTokens = new Map<string, { itemId: string; expiresAt: number }>();
  private clockOffsetDays = 0;
  private itemCounter = 0;
  private itemIds: Rng;

  constructor(
    readonly seed: number,
    private readonly now: () => Date,
    readonly webhooks: WebhookDispatcher,
  ) {
    this.itemIds = new Rng(hashSeed("item-ids", seed));
  }

  /** The emulator's "now": the injected clock plus any days advanced through the control API. */
  instant(): Date {
    return new Date(this.now().getTime() + this.clockOffsetDays * DAY_MS);
  }

  today(): string {
    return isoDate(this.instant());
  }

  createItem(options: CreateItemOptions = {}): ItemState {
    const institutionId = options.institutionId ?? DEFAULT_INSTITUTION_ID;
    const counter = ++this.itemCounter;
    const itemId = plaidId(this.itemIds);
    const seed = options.seed ?? hashSeed(this.seed, "item", counter);
    const today = this.today();
    const transactions = options.transactions;
    const days = Math.min(
      MAX_HISTORY_DAYS,
      Math.max(
        1,
        options.days ?? (transactions === undefined ? DEFAULT_HISTORY_DAYS : Math.max(30, Math.ceil(transactions / 4))),
      ),
    );
    // Data comes from the seed alone; ids also mix in the item id so two Items seeded alike stay distinct.
    const sim = createSimState(seed, itemId, today, DEFAULT_DAILY_PURCHASES);
    const accounts = createAccounts(sim, options.accounts);
    const ledger = new Ledger();
    for (const record of generateHistory(sim, accounts, { today, days, transactions })) ledger.add(record);
    settleOpeningBalances(sim, accounts, ledger);
    const products = options.products ?? ["transactions"];
    const item: ItemState = {
      itemId,
      seed,
      institutionId,
      institutionName: INSTITUTIONS[institutionId] ?? `Emulated Bank (${institutionId})`,
      webhook: options.webhook ?? null,
      products,
      createdAt: this.instant().toISOString(),
      accounts,
      ledger,
      sim,
      error: null,
      syncCalled: false,
      lastWebhook: null,
      lastSuccessfulUpdate: this.instant().toISOString(),
      lastFailedUpdate: null,
    };
    this.items.set(itemId, item);
    return item;
  }

  issueAccessToken(item: ItemState): string {
    const token = accessToken();
    this.accessTokens.set(token, item.itemId);
    return token;
  }

  issuePublicToken(item: ItemState): string {
    const token = publicToken();
    this.publicTokens.set(token, { itemId: item.itemId, expiresAt: this.now().getTime() + PUBLIC_TOKEN_TTL_MS });
    return token;
  }

  /** Public tokens are single-use and expire after 30 minutes, as in Plaid. */
  exchangePublicToken(token: string): { item: ItemState; accessToken: string } {
    const entry = this.publicTokens.get(token);
    this.publicTokens.delete(token);
    const item = entry && entry.expiresAt > this.now().getTime() ? this.items.get(entry.itemId) : undefined;
    if (!item) throw errors.invalidPublicToken();
    return { item, accessToken: this.issueAccessToken(item) };
  }

  itemForAccessToken(token: string): ItemState {
    const itemId = this.accessTokens.get(token);
    const item = itemId ? this.items.get(itemId) : undefined;
    if (!item) throw errors.invalidAccessToken();
    return item;
  }

  createLinkToken(info: Omit<LinkTokenInfo, "expiresAt">): LinkTokenInfo {
    const entry = { ...info, expiresAt: this.now().getTime() + LINK_TOKEN_TTL_MS };
    this.linkTokens.set(info.linkToken, entry);
    return entry;
  }

  findLinkToken(token: string): LinkTokenInfo | undefined {
    const info = this.linkTokens.get(token);
    return info && info.expiresAt > this.now().getTime() ? info : undefined;
  }

  /** The member leaves Link for the bank's site; the state id comes back on the redirect. */
  startOAuth(info: LinkTokenInfo, institutionId: string): OAuthState {
    const entry: OAuthState = {
      oauthStateId: oauthStateId(),
      linkToken: info.linkToken,
      institutionId,
      expiresAt: info.expiresAt,
      decision: null,
    };
    this.oauthStates.set(entry.oauthStateId, entry);
    return entry;
  }

  findOAuthState(id: string): OAuthState | undefined {
    const entry = this.oauthStates.get(id);
    return entry && entry.expiresAt > this.now().getTime() ? entry : undefined;
  }

  removeItem(item: ItemState): void {
    this.items.delete(item.itemId);
    for (const [token, itemId] of this.accessTokens) if (itemId === item.itemId) this.accessTokens.delete(token);
    for (const [token, entry] of this.publicTokens) if (entry.itemId === item.itemId) this.publicTokens.delete(token);
  }

  /**
   * Moves the virtual clock forward and lets the given Items (default: all) live through
   * the days since they were last refreshed. Each changed Item whose /transactions/sync has
   * been called gets a SYNC_UPDATES_AVAILABLE webhook.
   */
  advance(days: number, itemIds?: string[]): AdvanceResult[] {
    this.clockOffsetDays += days;
    const today = this.today();
    const targets = itemIds ? itemIds.map((id) => this.requireItem(id)) : [...this.items.values()];
    return targets.map((item) => {
      if (item.error) {
        return {
          item_id: item.itemId,
          added: 0,
          modified: 0,
          removed: 0,
          webhook_fired: false,
          skipped: item.error.error_code,
        };
      }
      const counts = advanceItem(item.sim, item.accounts, item.ledger, today);
      item.lastSuccessfulUpdate = this.instant().toISOString();
      const changed = counts.added + counts.modified + counts.removed > 0;
      const fired = changed && item.syncCalled && this.notify(item, payloads.syncUpdatesAvailable(item.itemId));
      return { item_id: item.itemId, ...counts, webhook_fired: fired, skipped: null };
    });
  }

  /** What /sandbox/item/reset_login does: the Item needs its user to log in again. */
  resetLogin(item: ItemState): void {
    item.error = itemLoginRequiredBody();
    item.lastFailedUpdate = this.instant().toISOString();
    this.notify(item, payloads.itemError(item.itemId, item.error));
  }

  /** Clears ITEM_LOGIN_REQUIRED. `announce` sends LOGIN_REPAIRED, which Plaid does when the repair happened outside the app. */
  repair(item: ItemState, announce: boolean): boolean {
    const wasBroken = item.error !== null;
    item.error = null;
    if (announce) this.notify(item, payloads.loginRepaired(item.itemId));
    return wasBroken;
  }

  addCustomTransactions(
    item: ItemState,
    transactions: {
      datePosted: string;
      dateTransacted: string;
      amountCents: number;
      description: string;
      currency: string;
    }[],
  ): void {
    const account = item.accounts.find((a) => a.kind === "checking") ?? item.accounts[0]!;
    for (const input of transactions) item.ledger.add(newRecord(item.sim, customDraft(account, input)));
    if (transactions.length > 0 && item.syncCalled) this.notify(item, payloads.syncUpdatesAvailable(item.itemId));
  }

  /** A change landing between two pages of an update (the MUTATION_DURING_PAGINATION fault). */
  mutate(item: ItemState): void {
    mutateOne(item.sim, item.accounts, item.ledger, this.today());
    this.notify(item, payloads.syncUpdatesAvailable(item.itemId));
  }

  /** Sends a webhook if the Item has a URL; true when one was sent. */
  notify(item: ItemState, payload: WebhookPayload): boolean {
    if (!item.webhook) return false;
    item.lastWebhook = { sent_at: new Date().toISOString(), code_sent: payload.webhook_code };
    void this.webhooks.send(item.webhook, payload);
    return true;
  }

  accountsJson(item: ItemState, accountIds?: string[]): PlaidAccountJson[] {
    let accounts = item.accounts;
    if (accountIds) {
      if (accountIds.some((id) => !accounts.some((a) => a.accountId === id))) throw errors.invalidAccountId();
      accounts = accounts.filter((a) => accountIds.includes(a.accountId));
    }
    return accounts.map((account) => toPlaidAccount(account, item.ledger.totalsFor(account.accountId)));
  }

  itemJson(item: ItemState) {
    return {
      auth_method: null,
      available_products: ["balance"].filter((p) => !item.products.includes(p)),
      billed_products: [...item.products],
      consent_expiration_time: null,
      consented_products: [...item.products],
      created_at: item.createdAt,
      error: item.error ? { ...item.error } : null,
      institution_id: item.institutionId,
      institution_name: item.institutionName,
      item_id: item.itemId,
      products: [...item.products],
      update_type: "background",
      webhook: item.webhook,
    };
  }

  /** Every live transaction of the Item, as /transactions/sync would have delivered it. */
  truth(itemId: string, options: { includeOriginalDescription?: boolean } = {}): Truth {
    const item = this.requireItem(itemId);
    const serialize = { includeOriginalDescription: options.includeOriginalDescription ?? false };
    const records = [...item.ledger.live.values()].sort((a, b) =>
      a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
    );
    return {
      item_id: item.itemId,
      accounts: this.accountsJson(item),
      transactions: records.map((record) => toPlaidTransaction(record, serialize)),
    };
  }

  requireItem(itemId: string): ItemState {
    const item = this.items.get(itemId);
    if (!item) throw new UnknownItemError(itemId);
    return item;
  }

  /** Forgets every Item and token and rewinds the clock; the webhook signing keys stay. */
  reset(): void {
    this.items.clear();
    this.linkTokens.clear();
    this.oauthStates.clear();
    this.accessTokens.clear();
    this.publicTokens.clear();
    this.clockOffsetDays = 0;
    this.itemCounter = 0;
    this.itemIds = new Rng(hashSeed("item-ids", this.seed));
  }

  /** A day N days from the emulator's today, for validating sandbox dates. */
  dayFromToday(days: number): string {
    return addDays(this.today(), days);
  }
}

export class UnknownItemError extends Error {
  constructor(readonly itemId: string) {
    super(`unknown item_id ${itemId}`);
    this.name = "UnknownItemError";
  }
}
