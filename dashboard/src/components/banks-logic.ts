/**
 * The Banks page's pure logic: a linked bank's state and its sync log in plain words, and
 * Plaid Link's script, loaded only by this page from the URL the build put in its
 * <meta name="tandem-plaid-link-script"> (Plaid's CDN, or the local emulator's stand-in).
 */
import type { PlaidItem, PlaidItemStatus } from "../shared/contract/plaid.js";

export interface SyncRun {
  id: string;
  trigger: string;
  status: string;
  added: number;
  modified: number;
  removed: number;
  skipped: number;
  pages: number;
  restarts: number;
  retries: number;
  errorCode: string | null;
  startedAt: string;
  durationMs: number;
}

const STATUS_WORDS: Record<PlaidItemStatus, { label: string; ok: boolean }> = {
  healthy: { label: "Connected", ok: true },
  login_required: { label: "Needs re-login", ok: false },
  pending_expiration: { label: "Login expires soon", ok: false },
  pending_disconnect: { label: "About to disconnect", ok: false },
  permission_revoked: { label: "Access withdrawn at the bank", ok: false },
  error: { label: "Sync problem", ok: false },
  removed: { label: "Removed", ok: false },
};

export function statusWords(item: Pick<PlaidItem, "status" | "needsRelogin">): { label: string; ok: boolean } {
  if (item.needsRelogin && item.status !== "removed") return STATUS_WORDS.login_required;
  return STATUS_WORDS[item.status] ?? { label: item.status, ok: false };
}

/** Whether the page offers "Re-login" (Link in update mode) for this bank. */
export function canRelogin(item: Pick<PlaidItem, "status" | "needsRelogin">): boolean {
  return (
    item.status !== "removed" &&
    (item.needsRelogin || item.status === "pending_expiration" || item.status === "pending_disconnect")
  );
}

const ERROR_WORDS: Record<string, string> = {
  ITEM_LOGIN_REQUIRED: "The bank wants you to log in again before Tandem can fetch new transactions.",
  PENDING_EXPIRATION: "The bank's permission for Tandem runs out soon; log in again to keep it.",
  USER_PERMISSION_REVOKED: "Access was withdrawn at the bank; link it again to resume.",
  RATE_LIMIT_EXCEEDED: "The bank was busy; Tandem will try again later.",
  INTERNAL_SERVER_ERROR: "The bank connection service had a problem; Tandem will try again later.",
  INSTITUTION_DOWN: "The bank is not answering right now; Tandem will try again later.",
  INSTITUTION_NOT_RESPONDING: "The bank is not answering right now; Tandem will try again later.",
  SYNC_FAILED: "The sync failed inside Tandem.",
};

/** The bank's last problem in words: the API's message, else words for its code. */
export function errorWords(item: Pick<PlaidItem, "errorCode" | "errorMessage">): string | null {
  if (!item.errorCode && !item.errorMessage) return null;
  const known = item.errorCode ? ERROR_WORDS[item.errorCode] : undefined;
  if (known) return known;
  return item.errorMessage ?? `The bank reported ${item.errorCode}.`;
}

const TRIGGER_WORDS: Record<string, string> = {
  link: "First sync after linking",
  webhook: "The bank announced news",
  manual: "Sync now",
  periodic: "Scheduled",
  relogin: "After re-login",
};

export const triggerWords = (trigger: string) => TRIGGER_WORDS[trigger] ?? trigger;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "12 added, 1 changed, 0 removed" or the failure in words. */
export function runResultWords(run: Pick<SyncRun, "status" | "added" | "modified" | "removed" | "errorCode">): string {
  if (run.status === "error") {
    const known = run.errorCode ? ERROR_WORDS[run.errorCode] : undefined;
    return `Failed: ${known ?? run.errorCode ?? "unknown error"}`;
  }
  if (run.status === "skipped") return "Skipped (another sync was running)";
  return `${plural(run.added, "new transaction")}, ${run.modified} changed, ${run.removed} removed`;
}

export function durationWords(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export interface LinkHandler {
  open(): void;
  exit(options?: { force?: boolean }, callback?: () => void): void;
  destroy(): void;
}

export interface LinkMetadata {
  institution: { name: string; institution_id: string } | null;
  accounts: { id: string; name: string; mask: string | null; type: string; subtype: string | null }[];
  link_session_id: string;
}

export interface LinkError {
  error_code: string;
  error_message: string;
  display_message: string | null;
}

export interface LinkConfig {
  token: string;
  /** Link re-created after an OAuth bank sent the member back: the address it sent them to. */
  receivedRedirectUri?: string;
  onSuccess(publicToken: string, metadata: LinkMetadata): void;
  onExit?(error: LinkError | null, metadata: { status?: string | null }): void;
  onEvent?(eventName: string, metadata: Record<string, unknown>): void;
}

export interface PlaidGlobal {
  create(config: LinkConfig): LinkHandler;
}

let loading: Promise<PlaidGlobal> | null = null;

/** Plaid Link's script, added to this page once, from the URL in its meta tag. */
export function loadPlaidLink(doc: Document = document): Promise<PlaidGlobal> {
  const existing = (globalThis as { Plaid?: PlaidGlobal }).Plaid;
  if (existing) return Promise.resolve(existing);
  if (loading) return loading;
  const src = doc.querySelector<HTMLMetaElement>('meta[name="tandem-plaid-link-script"]')?.content;
  if (!src) return Promise.reject(new Error("Bank linking is not set up for this site (no Plaid Link script)."));
  loading = new Promise<PlaidGlobal>((resolve, reject) => {
    const script = doc.createElement("script");
    script.src = src;
    script.async = true;
    script.onload = () => {
      const plaid = (globalThis as { Plaid?: PlaidGlobal }).Plaid;
      if (plaid) resolve(plaid);
      else reject(new Error("Plaid Link did not start; please reload the page."));
    };
    script.onerror = () => {
      loading = null;
      script.remove();
      reject(new Error("Plaid Link could not be loaded; check the connection and try again."));
    };
    doc.head.append(script);
  });
  return loading;
}

export type LinkOutcome = { publicToken: string; metadata: LinkMetadata } | { exited: LinkError | null };

/**
 * Opens Link and settles when the member finishes (the public token) or leaves. With
 * `receivedRedirectUri` it resumes a session an OAuth bank sent back (same token as before).
 * For an OAuth bank Link may instead take the whole window to the bank: then it never settles.
 */
export function runLink(plaid: PlaidGlobal, token: string, receivedRedirectUri?: string): Promise<LinkOutcome> {
  return new Promise((resolve) => {
    let handler: LinkHandler | null = null;
    const done = (result: LinkOutcome) => {
      resolve(result);
      setTimeout(() => handler?.destroy(), 0);
    };
    handler = plaid.create({
      token,
      ...(receivedRedirectUri ? { receivedRedirectUri } : {}),
      onSuccess: (publicToken, metadata) => done({ publicToken, metadata }),
      onExit: (error) => done({ exited: error }),
    });
    handler.open();
  });
}

/**
 * A Link session the page may have to resume: an OAuth bank takes the whole window to its
 * own site and sends it back to this page with ?oauth_state_id=…, and Plaid wants Link
 * re-created there with the same link token. Kept in sessionStorage (this tab only) until the
 * token expires (Plaid: 4 hours).
 */
export interface LinkSession {
  linkToken: string;
  mode: "create" | "update";
  /** The bank being repaired in update mode. */
  itemId: string | null;
  /** The link token's expiration (ISO 8601). */
  expiresAt: string;
}

export const LINK_SESSION_KEY = "tandem.plaidLink";

export const LOST_LINK_SESSION =
  "The bank sent you back, but this browser no longer has the linking session; start linking again.";

type SessionStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export function keepLinkSession(storage: SessionStore, session: LinkSession): void {
  storage.setItem(LINK_SESSION_KEY, JSON.stringify(session));
}

export function forgetLinkSession(storage: SessionStore): void {
  storage.removeItem(LINK_SESSION_KEY);
}

function isLinkSession(value: unknown): value is LinkSession {
  const s = value as Partial<LinkSession> | null;
  return (
    typeof s?.linkToken === "string" &&
    (s.mode === "create" || (s.mode === "update" && typeof s.itemId === "string")) &&
    typeof s.expiresAt === "string"
  );
}

/** The stored session, removed from storage (it resumes once); null if none, unreadable or expired. */
export function takeLinkSession(storage: SessionStore, now: number = Date.now()): LinkSession | null {
  const raw = storage.getItem(LINK_SESSION_KEY);
  forgetLinkSession(storage);
  if (!raw) return null;
  let session: unknown;
  try {
    session = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isLinkSession(session)) return null;
  const expires = Date.parse(session.expiresAt);
  return Number.isNaN(expires) || expires <= now ? null : session;
}

/** Whether this page was opened by an OAuth bank sending the member back. */
export function isBackFromBank(search: string): boolean {
  return new URLSearchParams(search).has("oauth_state_id");
}

/** The page's address without the bank's oauth_state_id, for the address bar once it is used. */
export function withoutOAuthState(href: string): string {
  const url = new URL(href);
  url.searchParams.delete("oauth_state_id");
  return url.href;
}
