/**
 * The site runs under the production Content-Security-Policy (render.yaml's header plus the
 * <meta> the build writes). Chromium reports every blocked script, style, frame or request
 * as a console error; a page that trips the policy has a bug even when the step passes.
 */
import type { Page } from "playwright-core";

export function watchCspViolations(page: Page, into: string[]): void {
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
      into.push(`${new URL(page.url()).pathname}: ${message.text()}`);
    }
  });
}

/** The violations counted by kind, for a readable failure. */
export function summariseViolations(violations: string[]): string[] {
  const counts = new Map<string, number>();
  for (const violation of violations) counts.set(violation, (counts.get(violation) ?? 0) + 1);
  return [...counts].map(([violation, count]) => `${count}× ${violation}`);
}
