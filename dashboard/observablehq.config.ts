// Tandem's dashboard: an Observable Framework data app, hosted apart from the API.

/** Where the browser finds the API (login, the unseal key, the live status panel). Fixed at build time. */
const apiUrl = (process.env.TANDEM_API_URL ?? "").trim() || "http://localhost:3000";

/**
 * Plaid Link's script, loaded by the Banks page only. Plaid's own in production; the
 * local Plaid emulator serves a stand-in with the same `Plaid.create` interface.
 */
const plaidLinkScript =
  (process.env.TANDEM_PLAID_LINK_SCRIPT ?? "").trim() || "https://cdn.plaid.com/link/v2/stable/link-initialize.js";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** sessionStorage key of the session; session.ts owns the format, the guard below only checks it exists. */
const SESSION_STORAGE_KEY = "tandem.session";

// Runs before the page body is parsed: without a session nothing of the page is shown,
// the browser goes straight to the login page and comes back here afterwards.
const sessionGuard = `<script>(function () {
  try {
    var session = JSON.parse(sessionStorage.getItem(${JSON.stringify(SESSION_STORAGE_KEY)}) || "null");
    if (session && session.refreshToken && Date.parse(session.refreshTokenExpiresAt) > Date.now()) return;
  } catch (error) {}
  document.documentElement.style.visibility = "hidden";
  location.replace("./login?next=" + encodeURIComponent(location.pathname + location.search + location.hash));
})();</script>`;

const isLogin = (path: string) => path === "/login";

export default {
  title: "Tandem",
  root: "src",
  pages: [
    { name: "Overview", path: "/" },
    { name: "Spending", path: "/spending" },
    { name: "Transactions", path: "/transactions" },
    { name: "Budgets", path: "/budgets" },
    { name: "Settle-up", path: "/settle-up" },
    { name: "Import", path: "/import" },
    { name: "Banks", path: "/banks" },
    { name: "Rules", path: "/rules" },
    { name: "Accounts & status", path: "/accounts" },
  ],
  pager: false,
  search: false,
  head: ({ path }: { path: string }) =>
    `<meta name="tandem-api-url" content="${escapeHtml(apiUrl)}">\n${path === "/banks" ? `<meta name="tandem-plaid-link-script" content="${escapeHtml(plaidLinkScript)}">\n` : ""}<link rel="icon" href="data:,">${isLogin(path) ? "" : `\n${sessionGuard}`}`,
  // Filled in by session.ts once the session is known.
  header: ({ path }: { path: string }) =>
    isLogin(path)
      ? null
      : `<div class="tandem-session" data-testid="session">
  <div class="tandem-notifications" data-testid="notifications"></div>
  <span class="tandem-member" data-testid="member-name"></span>
  <button type="button" class="tandem-logout">Log out</button>
</div>`,
  footer: "Tandem — finances for a household of two.",
  // Framework's default theme pulls web fonts from Google; system fonts keep the
  // built site free of third-party requests. style.css picks light/dark themes itself.
  globalStylesheets: [],
  style: "style.css",
};
