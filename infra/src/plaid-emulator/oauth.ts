import { errors } from "./errors";

/**
 * Plaid's OAuth redirect flow (plaid.com/docs/link/oauth). A link token made with a
 * `redirect_uri` lets Link send the member to an OAuth bank's own site; the bank sends the
 * browser back to `redirect_uri?oauth_state_id=…`, and the page re-creates Link with the SAME
 * link token and `receivedRedirectUri` = that address to finish.
 *
 * Plaid's rules for the URI: HTTPS, except http://localhost in Sandbox (the emulator is
 * Sandbox); no query parameters, no fragment ("#" routing is unsupported), no wildcard in
 * the token request; and it must be listed under "Allowed redirect URIs" in Plaid's
 * dashboard, else (or when blank) INVALID_FIELD "OAuth redirect URI must be configured…".
 */

function malformed(reason: string): never {
  throw errors.invalidField(`redirect_uri ${reason}`);
}

/** The redirect_uri of a /link/token/create request, checked as Plaid checks it. */
export function checkRedirectUri(value: string, allowed: readonly string[] | null): string {
  if (value.trim() === "") throw errors.redirectUriNotAllowed();
  if (value.includes("*")) malformed("must not contain a wildcard (wildcards belong in the dashboard's allowlist)");
  if (value.includes("#")) malformed("must not contain a fragment ('#')");
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return malformed("must be a valid URL");
  }
  if (url.search !== "") malformed("must not contain query parameters");
  const localhostHttp = url.protocol === "http:" && url.hostname === "localhost";
  if (url.protocol !== "https:" && !localhostHttp) {
    malformed("must use https (plain http is allowed only for localhost in Sandbox)");
  }
  if (allowed && !allowed.includes(value)) throw errors.redirectUriNotAllowed();
  return value;
}

/**
 * The oauth_state_id of the address the bank sent the member back to, or null when that
 * address is not the token's redirect_uri plus exactly that one parameter (Plaid refuses
 * extra parameters and fragments there).
 */
export function oauthStateIdOf(receivedRedirectUri: string, redirectUri: string | null): string | null {
  if (!redirectUri) return null;
  let received: URL;
  try {
    received = new URL(receivedRedirectUri);
  } catch {
    return null;
  }
  const params = [...received.searchParams.keys()];
  const id = received.searchParams.get("oauth_state_id");
  if (!id || params.length !== 1 || received.hash !== "") return null;
  received.search = "";
  return received.href === new URL(redirectUri).href ? id : null;
}

/** The address the bank sends the member back to. */
export function receivedRedirectUri(redirectUri: string, oauthStateId: string): string {
  const url = new URL(redirectUri);
  url.searchParams.set("oauth_state_id", oauthStateId);
  return url.href;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The OAuth bank's own sign-in page (no script): allow or deny, and the bank sends the browser back. */
export function bankPage(institutionName: string, actionBase: string): string {
  const name = escapeHtml(institutionName);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} — sign in (Tandem's local Plaid emulator)</title>
</head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
<main>
<h1 style="font-size:1.4rem">${name}</h1>
<p>This stands in for your bank's own website: Tandem's local Plaid emulator, no real bank is contacted.</p>
<p>Allow Plaid to share your accounts and transactions with Tandem?</p>
<div style="display:flex;gap:.75rem;flex-wrap:wrap">
<form method="post" action="${escapeHtml(actionBase)}/allow"><button type="submit" style="font:inherit;padding:.4rem 1rem">Allow and go back</button></form>
<form method="post" action="${escapeHtml(actionBase)}/deny"><button type="submit" style="font:inherit;padding:.4rem 1rem">Deny</button></form>
</div>
</main>
</body>
</html>
`;
}

export const EXPIRED_BANK_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign-in expired</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">
<h1 style="font-size:1.4rem">This sign-in has expired</h1>
<p>Go back to the app and start linking your bank again.</p>
</body></html>
`;
