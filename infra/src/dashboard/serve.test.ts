import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolvePage, serveDashboard } from "./serve";

const root = mkdtempSync(join(tmpdir(), "tandem-dist-"));
mkdirSync(join(root, "_file/data"), { recursive: true });
writeFileSync(join(root, "index.html"), "<h1>Overview</h1>");
writeFileSync(join(root, "spending.html"), "<h1>Spending</h1>");
writeFileSync(join(root, "404.html"), "<h1>Not here</h1>");
writeFileSync(join(root, "_file/data/ledger.0123abcd.json"), "{}");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("dashboard static server", () => {
  it("maps Framework's clean URLs to its pages", () => {
    expect(resolvePage(root, "/")).toBe(join(root, "index.html"));
    expect(resolvePage(root, "/spending")).toBe(join(root, "spending.html"));
    expect(resolvePage(root, "/spending?from=2026-01")).toBe(join(root, "spending.html"));
    expect(resolvePage(root, "/nope")).toBeNull();
  });

  it("never serves a file outside the build", () => {
    expect(resolvePage(root, "/../../etc/passwd")).toBeNull();
    expect(resolvePage(root, "/%2e%2e/%2e%2e/etc/passwd")).toBeNull();
  });

  it("sends render.yaml's headers: hashed assets cached for good, pages not at all", async () => {
    const server = await serveDashboard(root, 0, "127.0.0.1");
    try {
      const page = await fetch(`${server.url}/spending`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(page.headers.get("cache-control")).toBe("no-cache");
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      const data = await fetch(`${server.url}/_file/data/ledger.0123abcd.json`);
      expect(data.headers.get("cache-control")).toContain("immutable");
      expect(data.headers.get("x-frame-options")).toBe("DENY");
      const missing = await fetch(`${server.url}/nope`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain("Not here");
      expect(missing.headers.get("x-content-type-options")).toBe("nosniff");
    } finally {
      await server.close();
    }
  });

  it("sends the header rules it is given, matched against the request path", async () => {
    const rules = [
      { path: "/*", name: "X-Everywhere", value: "yes" },
      { path: "/_file/*", name: "Cache-Control", value: "max-age=60" },
    ];
    const server = await serveDashboard(root, 0, "127.0.0.1", rules);
    try {
      const page = await fetch(`${server.url}/spending?from=2026-01`);
      expect(page.headers.get("x-everywhere")).toBe("yes");
      expect(page.headers.get("cache-control")).toBeNull();
      const data = await fetch(`${server.url}/_file/data/ledger.0123abcd.json`);
      expect(data.headers.get("cache-control")).toBe("max-age=60");
    } finally {
      await server.close();
    }
  });
});
