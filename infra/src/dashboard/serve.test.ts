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

  it("caches hashed assets for good and pages not at all", async () => {
    const server = await serveDashboard(root, 0, "127.0.0.1");
    try {
      const page = await fetch(`${server.url}/spending`);
      expect(page.status).toBe(200);
      expect(page.headers.get("cache-control")).toBe("no-cache");
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      const data = await fetch(`${server.url}/_file/data/ledger.0123abcd.json`);
      expect(data.headers.get("cache-control")).toContain("immutable");
      const missing = await fetch(`${server.url}/nope`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain("Not here");
    } finally {
      await server.close();
    }
  });
});
