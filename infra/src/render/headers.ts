/**
 * Render's static-site header rules applied to a request path, so the local server sends
 * what the CDN sends. Path syntax (render.com/docs/static-site-headers): `/*` matches every
 * path and `/blog/*` everything under /blog/ — a `*` that is a whole last segment runs
 * across slashes; `/*.css` matches /tokens.css but not /assets/theme.css — a `*` inside a
 * segment stays in it; `/**` + `/` stands for one or more directories. A path without a
 * wildcard matches itself only.
 */
import type { HeaderRule } from "./blueprint";

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}

function patternRegExp(pattern: string): RegExp {
  const trailingWildcard = pattern.endsWith("/*");
  const body = trailingWildcard ? pattern.slice(0, -1) : pattern;
  const source = body
    .split("**/")
    .map((part) => part.split("*").map(escapeRegExp).join("[^/]*"))
    .join("(?:[^/]+/)+");
  return new RegExp(`^${source}${trailingWildcard ? ".*" : ""}$`);
}

export function pathMatches(pattern: string, path: string): boolean {
  return patternRegExp(pattern).test(path);
}

/** The rules that apply to a request path (its query string ignored), in file order. */
export function matchingRules(rules: HeaderRule[], urlPath: string): HeaderRule[] {
  const path = urlPath.split("?")[0]!;
  return rules.filter((rule) => pathMatches(rule.path, path));
}

/**
 * Header names that two matching rules both set. Render does not document which one wins,
 * so render.yaml must never contain such a pair; the Blueprint test holds it to that.
 */
export function conflictingNames(rules: HeaderRule[], urlPath: string): string[] {
  const seen = new Set<string>();
  const conflicts = new Set<string>();
  for (const rule of matchingRules(rules, urlPath)) {
    const name = rule.name.toLowerCase();
    if (seen.has(name)) conflicts.add(name);
    seen.add(name);
  }
  return [...conflicts];
}

/** The response headers for a path, keyed by lower-case name. */
export function headersFor(rules: HeaderRule[], urlPath: string): Record<string, string> {
  return Object.fromEntries(matchingRules(rules, urlPath).map((rule) => [rule.name.toLowerCase(), rule.value]));
}
