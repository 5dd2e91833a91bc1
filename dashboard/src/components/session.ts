/**
 * The browser's session with the API: login, token refresh, logout, authenticated fetch,
 * and opening the sealed build data with the household's key.
 *
 * Storage is sessionStorage only (never localStorage): closing the tab ends the session.
 * The access token is also kept in memory. The refresh token rotates on every use, and
 * presenting a spent one revokes the whole family, so all refreshes in a page share one
 * request and the new token is stored before anything else runs.
 */
import { LEDGER_LABEL, type LedgerData } from "./ledger-data.js";
import { mountNotifications } from "./notifications.js";
import { type SealedBox, UnsealError, unseal } from "./sealed.js";

export interface SessionMember {
  id: string;
  displayName: string;
  email: string;
  householdId: string;
}

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  member: SessionMember;
}

interface StoredKey {
  key: string;
  householdId: string;
}

/** Also read by the guard script in observablehq.config.ts. */
const SESSION_KEY = "tandem.session";
const SEAL_KEY = "tandem.sealKey";
/** Refresh this long before the access token expires. */
const REFRESH_LEAD_MS = 60_000;

/** One field the API refused, by its path in the request body (`amount`, `splits.0.percent`). */
export interface FieldError {
  path: string;
  message: string;
}

/** A failed API call, from its problem+json body when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
    /** The fields the API named; forms show each next to its control. */
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

/** The API could not be reached at all (down, wrong URL, CORS refused). */
export class NetworkError extends Error {}

export function apiUrl(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="tandem-api-url"]');
  return (meta?.content || "http://localhost:3000").replace(/\/+$/, "");
}

async function request(path: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(`${apiUrl()}${path}`, { ...init, credentials: "omit", cache: "no-store" });
  } catch {
    throw new NetworkError(`Cannot reach the Tandem API at ${apiUrl()}. Check that it is running and try again.`);
  }
}

/** Turns a failed response into an ApiError with the API's own words. */
export async function problemOf(response: Response): Promise<ApiError> {
  let body: { title?: string; detail?: string; code?: string; requestId?: string; errors?: Partial<FieldError>[] } = {};
  try {
    body = await response.json();
  } catch {}
  const fields = (body.errors ?? []).filter((error): error is FieldError => Boolean(error.message));
  const words = body.detail || body.title || response.statusText || "The request failed";
  return new ApiError(
    response.status,
    body.code ?? `http_${response.status}`,
    fields.length ? `${words}: ${fields.map((field) => field.message).join("; ")}` : words,
    body.requestId ?? response.headers.get("x-request-id"),
    fields.map(({ path, message }) => ({ path: path ?? "", message })),
  );
}

async function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return request(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

// ---- storage ----

let current: Session | null = null;

function readJson<T>(key: string): T | null {
  try {
    const text = sessionStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function isUsable(session: Session | null): session is Session {
  return Boolean(session?.refreshToken && Date.parse(session.refreshTokenExpiresAt) > Date.now());
}

/** The stored session, or null when there is none or its refresh token has expired. */
export function getSession(): Session | null {
  current ??= readJson<Session>(SESSION_KEY);
  return isUsable(current) ? current : null;
}

function storeSession(session: Session): Session {
  const { accessToken, accessTokenExpiresAt, refreshToken, refreshTokenExpiresAt, member } = session;
  current = {
    accessToken,
    accessTokenExpiresAt,
    refreshToken,
    refreshTokenExpiresAt,
    member: {
      id: member.id,
      displayName: member.displayName,
      email: member.email,
      householdId: member.householdId,
    },
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(current));
  scheduleRefresh(current);
  return current;
}

export function clearSession(): void {
  current = null;
  if (refreshTimer !== undefined) clearTimeout(refreshTimer);
  refreshTimer = undefined;
  try {
    sessionStorage.removeItem(SESSION_KEY);
    sessionStorage.removeItem(SEAL_KEY);
  } catch {}
}

// ---- navigation ----

/** Where to send the browser after login: a path on this site, never another origin. */
export function safeNext(raw: string | null): string | null {
  if (!raw?.startsWith("/") || raw.startsWith("//") || raw.includes("\\")) return null;
  try {
    const url = new URL(raw, location.origin);
    if (url.origin !== location.origin) return null;
    if (/\/login(\.html)?$/.test(url.pathname)) return null;
    return url.pathname + url.search + url.hash;
  } catch {
    return null;
  }
}

/** The login page, relative to this one (every page sits at the site's top level). */
export function loginUrl(next: string | null = location.pathname + location.search + location.hash): string {
  const url = new URL("./login", location.href);
  const target = safeNext(next);
  if (target) url.searchParams.set("next", target);
  return url.pathname + url.search;
}

function goToLogin(): Promise<never> {
  location.replace(loginUrl());
  return new Promise<never>(() => {});
}

// ---- login, refresh, logout ----

/** Email + password → a stored session and the household's seal key. */
export async function login(email: string, password: string): Promise<Session> {
  const response = await postJson("/auth/login", { email, password });
  if (!response.ok) throw await problemOf(response);
  const session = storeSession((await response.json()) as Session);
  try {
    await fetchSealKey();
  } catch (error) {
    await logout({ navigate: false });
    throw error;
  }
  return session;
}

let refreshing: Promise<Session> | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * A new session for the stored refresh token. Concurrent callers share one request.
 * When the API refuses the token, the session is cleared and the page goes to login;
 * when the API is unreachable, the session is kept (it may still work in a moment).
 */
export function refreshSession(): Promise<Session> {
  refreshing ??= (async () => {
    const session = getSession();
    if (!session) return goToLogin();
    const response = await postJson("/auth/refresh", { refreshToken: session.refreshToken });
    if (!response.ok) {
      if (response.status >= 500) throw await problemOf(response);
      clearSession();
      return goToLogin();
    }
    return storeSession((await response.json()) as Session);
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

function scheduleRefresh(session: Session): void {
  if (refreshTimer !== undefined) clearTimeout(refreshTimer);
  const delay = Math.max(0, Date.parse(session.accessTokenExpiresAt) - Date.now() - REFRESH_LEAD_MS);
  // setTimeout overflows past ~24.8 days; access tokens live minutes.
  refreshTimer = setTimeout(
    () => {
      refreshTimer = undefined;
      refreshSession().catch(() => {
        // Unreachable API: try again shortly rather than give up the session.
        refreshTimer = setTimeout(() => refreshSession().catch(() => {}), 30_000);
      });
    },
    Math.min(delay, 2 ** 31 - 1),
  );
}

/** Revokes the refresh token's family on the API (best effort), forgets everything, goes to login. */
export async function logout({ navigate = true }: { navigate?: boolean } = {}): Promise<void> {
  const session = getSession();
  clearSession();
  if (session) {
    try {
      await postJson("/auth/logout", { refreshToken: session.refreshToken });
    } catch {}
  }
  if (navigate) location.replace(new URL("./login", location.href).pathname);
}

/** A fetch to the API as the logged-in member: refreshes a token about to expire, and retries once after a 401. */
export async function authFetch(path: string, init: RequestInit = {}): Promise<Response> {
  let session = getSession();
  if (!session) return goToLogin();
  if (Date.parse(session.accessTokenExpiresAt) - Date.now() < 5_000) session = await refreshSession();
  const send = (token: string) =>
    request(path, {
      ...init,
      headers: { Accept: "application/json", ...init.headers, Authorization: `Bearer ${token}` },
    });
  const response = await send(session.accessToken);
  if (response.status !== 401) return response;
  // Another request may have refreshed while this one was in flight: use its token rather than refresh again.
  const latest = getSession();
  const retry = latest && latest.accessToken !== session.accessToken ? latest : await refreshSession();
  return send(retry.accessToken);
}

// ---- the seal key and the sealed data ----

async function fetchSealKey(): Promise<string> {
  const response = await authFetch("/dashboard/key");
  if (!response.ok) {
    const problem = await problemOf(response);
    throw new ApiError(
      problem.status,
      problem.code,
      `The API did not hand out the dashboard key: ${problem.message}`,
      problem.requestId,
    );
  }
  const { key, householdId } = (await response.json()) as StoredKey;
  sessionStorage.setItem(SEAL_KEY, JSON.stringify({ key, householdId }));
  return key;
}

/** The household's seal key: from this tab's storage, or from the API. */
export async function sealKey({ fresh = false } = {}): Promise<string> {
  const stored = fresh ? null : readJson<StoredKey>(SEAL_KEY);
  if (stored?.key && stored.householdId === getSession()?.member.householdId) return stored.key;
  return fetchSealKey();
}

/**
 * Resolves with the session, after filling in the header (member name, Log out); without
 * one, goes to login and never resolves, so nothing of the page renders.
 */
export function requireSession(): Promise<Session> {
  const session = getSession();
  if (!session) {
    clearSession();
    return goToLogin();
  }
  scheduleRefresh(session);
  mountHeader(session);
  return Promise.resolve(session);
}

function mountHeader(session: Session): void {
  for (const container of document.querySelectorAll<HTMLElement>(".tandem-notifications")) {
    if (container.dataset.bound) continue;
    container.dataset.bound = "true";
    mountNotifications(container);
  }
  for (const name of document.querySelectorAll<HTMLElement>(".tandem-member")) {
    name.textContent = session.member.displayName;
    name.title = session.member.email;
  }
  for (const button of document.querySelectorAll<HTMLButtonElement>(".tandem-logout")) {
    if (button.dataset.bound) continue;
    button.dataset.bound = "true";
    button.addEventListener("click", () => {
      button.disabled = true;
      void logout();
    });
  }
}

/** A message at the top of the page, in place of the page's content, which could not be shown. */
export function showNotice(message: string, { withLogout = false } = {}): HTMLElement {
  const notice = document.createElement("div");
  notice.className = "tandem-notice";
  notice.setAttribute("role", "alert");
  notice.dataset.testid = "notice";
  const text = document.createElement("p");
  text.textContent = message;
  notice.append(text);
  if (withLogout) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Log out and in again";
    button.addEventListener("click", () => void logout());
    notice.append(button);
  }
  const main = document.querySelector("#observablehq-main") ?? document.body;
  // What needed the data would only spin forever: hide it (style.css), keep the notice.
  main.classList.add("tandem-failed");
  const heading = main.querySelector("h1");
  if (heading) heading.after(notice);
  else main.prepend(notice);
  return notice;
}

const FOREIGN_DATA =
  "This data was built for another household or with another key — log out and in again. " +
  "If that does not help, the dashboard needs a rebuild with the API's current DASHBOARD_SEAL_KEY.";

/**
 * The build's ledger, unsealed with the household's key. On failure the page says why
 * and this never resolves, so the cells that need the data stay empty instead of erroring.
 */
export async function openLedger(file: { json(): Promise<unknown> }): Promise<LedgerData> {
  await requireSession();
  let box: SealedBox;
  try {
    box = (await file.json()) as SealedBox;
  } catch {
    showNotice("The dashboard's data is missing from this build. Rebuild the dashboard, then reload this page.");
    return new Promise<never>(() => {});
  }
  try {
    try {
      return await unseal<LedgerData>(box, await sealKey(), LEDGER_LABEL);
    } catch (error) {
      // The stored key may be stale (the API's key was rotated since login): ask once more.
      if (!(error instanceof UnsealError)) throw error;
      return await unseal<LedgerData>(box, await sealKey({ fresh: true }), LEDGER_LABEL);
    }
  } catch (error) {
    if (error instanceof UnsealError) showNotice(FOREIGN_DATA, { withLogout: true });
    else showNotice(error instanceof Error ? error.message : String(error), { withLogout: error instanceof ApiError });
    return new Promise<never>(() => {});
  }
}
