// After `observable build`: writes a Content-Security-Policy <meta> into every page of the
// build. The policy needs what only the build knows — the API's origin (TANDEM_API_URL, which
// the config wrote into each page as <meta name="tandem-api-url">), Plaid Link's origin on the
// Banks page (<meta name="tandem-plaid-link-script">) and the SHA-256 of each page's inline
// scripts — while the static host's headers are fixed text. The directives a <meta> cannot
// carry (frame-ancestors) come from render.yaml's header for the site. Running it twice on
// the same build gives the same pages.
//
//   node scripts/content-security-policy.mjs <dist>
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const META_NAME = "Content-Security-Policy";
const EXISTING_POLICY = /<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?/;
const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)(?:\s[^>]*)?>([\s\S]*?)<\/script>/g;

/**
 * Where Plaid Link's own script talks to besides its CDN (Plaid's documented CSP for Link:
 * connect-src to its API hosts). The local emulator's stand-in talks only to its own origin.
 */
const PLAID_LINK_API_HOSTS = {
  "https://cdn.plaid.com": ["https://production.plaid.com", "https://sandbox.plaid.com"],
};

function metaContent(html, name) {
  const match = html.match(new RegExp(`<meta name="${name}" content="([^"]*)">`));
  return match ? match[1].replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))) : null;
}

function originOf(url, what) {
  try {
    return new URL(url).origin;
  } catch {
    throw new Error(`${what} is not a URL: ${url}`);
  }
}

export function inlineScriptHashes(html) {
  return [...html.matchAll(INLINE_SCRIPT)].map(
    ([, body]) => `'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`,
  );
}

/** The policy of one built page. */
export function pagePolicy(html) {
  const apiUrl = metaContent(html, "tandem-api-url");
  const apiOrigin = apiUrl ? [originOf(apiUrl, "tandem-api-url")] : [];
  const linkScript = metaContent(html, "tandem-plaid-link-script");
  const link = linkScript ? [originOf(linkScript, "tandem-plaid-link-script")] : [];
  const linkApi = link.flatMap((origin) => PLAID_LINK_API_HOSTS[origin] ?? []);
  const directives = [
    ["default-src", "'self'"],
    ["script-src", "'self'", ...inlineScriptHashes(html), ...link],
    // Plot writes a <style> into every chart it draws, so inline styles stay allowed.
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:"],
    ["font-src", "'self'"],
    ["connect-src", "'self'", ...apiOrigin, ...link, ...linkApi],
    ["frame-src", ...(link.length > 0 ? link : ["'none'"])],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
  ];
  return directives.map((parts) => parts.join(" ")).join("; ");
}

/** The page with its policy as the first element of <head>, before any script. */
export function withPolicy(html) {
  const page = html.replace(EXISTING_POLICY, "");
  const meta = `<meta http-equiv="${META_NAME}" content="${pagePolicy(page)}">\n`;
  const charset = page.match(/<meta charset="[^"]*">\n?/);
  if (charset) return page.replace(charset[0], `${charset[0].trimEnd()}\n${meta}`);
  if (!page.includes("<head>")) throw new Error("a built page has no <head>");
  return page.replace("<head>", `<head>\n${meta}`);
}

function* htmlFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* htmlFiles(path);
    else if (path.endsWith(".html")) yield path;
  }
}

const dist = process.argv[2];
if (dist) {
  let pages = 0;
  for (const file of htmlFiles(dist)) {
    writeFileSync(file, withPolicy(readFileSync(file, "utf8")));
    pages += 1;
  }
  if (pages === 0) {
    console.error(`No pages in ${dist}: nothing to protect. Run it after \`observable build\`.`);
    process.exit(1);
  }
}
