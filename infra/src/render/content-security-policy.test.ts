import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DASHBOARD_DIR } from "../dashboard/build";

// The dashboard's post-build step (dashboard/scripts/content-security-policy.mjs), run as the
// build runs it, on pages shaped like Framework's output.
const SCRIPT = resolve(DASHBOARD_DIR, "scripts/content-security-policy.mjs");
const dist = mkdtempSync(join(tmpdir(), "tandem-csp-"));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

const GUARD = "(function () { location.replace('./login'); })();";
const MODULE = '\nimport {define} from "./_observablehq/client.0123abcd.js";\n';
const page = (extraHead: string) => `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>Page</title>
<link rel="modulepreload" href="./_observablehq/client.0123abcd.js">
<meta name="tandem-api-url" content="https://tandem-api.onrender.com">
${extraHead}<script>${GUARD}</script>
<script type="module">${MODULE}</script>
<script src="./_observablehq/other.0123abcd.js"></script>
</head>
<body></body>
</html>
`;
const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

function policyOf(html: string): Map<string, string[]> {
  const content = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)![1]!;
  return new Map(
    content
      .split("; ")
      .map((directive) => directive.split(" "))
      .map(([name, ...v]) => [name!, v]),
  );
}

describe("the build's Content-Security-Policy", () => {
  writeFileSync(join(dist, "spending.html"), page(""));
  const linkMeta =
    '<meta name="tandem-plaid-link-script" content="https://cdn.plaid.com/link/v2/stable/link-initialize.js">\n';
  writeFileSync(join(dist, "banks.html"), page(linkMeta));
  const run = () => execFileSync(process.execPath, [SCRIPT, dist]);
  run();
  const spending = readFileSync(join(dist, "spending.html"), "utf8");
  const banks = readFileSync(join(dist, "banks.html"), "utf8");

  it("comes first in <head>, before any script", () => {
    expect(spending.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(spending.indexOf("<script"));
    expect(spending).toMatch(/<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy"/);
  });

  it("allows the page's own inline scripts by hash, and nothing else inline", () => {
    const policy = policyOf(spending);
    expect(policy.get("script-src")).toEqual(["'self'", sha256(GUARD), sha256(MODULE)]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
  });

  it("lets pages call the API, and only /banks reach Plaid Link", () => {
    expect(policyOf(spending).get("connect-src")).toEqual(["'self'", "https://tandem-api.onrender.com"]);
    expect(policyOf(spending).get("frame-src")).toEqual(["'none'"]);
    const policy = policyOf(banks);
    expect(policy.get("script-src")).toContain("https://cdn.plaid.com");
    expect(policy.get("frame-src")).toEqual(["https://cdn.plaid.com"]);
    expect(policy.get("connect-src")).toContain("https://production.plaid.com");
  });

  it("gives the same pages when run again", () => {
    run();
    expect(readFileSync(join(dist, "spending.html"), "utf8")).toBe(spending);
    expect(readFileSync(join(dist, "banks.html"), "utf8")).toBe(banks);
  });

  it("fails when there is nothing to protect", () => {
    const empty = mkdtempSync(join(tmpdir(), "tandem-csp-empty-"));
    try {
      expect(() => execFileSync(process.execPath, [SCRIPT, empty], { stdio: "pipe" })).toThrow(/No pages/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
