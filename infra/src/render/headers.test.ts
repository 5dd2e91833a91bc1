import { describe, expect, it } from "vitest";
import { conflictingNames, headersFor, pathMatches } from "./headers";

describe("Render's static-site header paths", () => {
  // The examples of render.com/docs/static-site-headers, each with what it must and must not match.
  it.each([
    ["/*", ["/", "/spending", "/_file/data/ledger.json"], []],
    ["/blog/*", ["/blog/", "/blog/latest-post/", "/blog/a/b"], ["/blog", "/other/"]],
    ["/**/*", ["/blog/", "/assets/", "/a/b/c"], ["/tokens.css", "/"]],
    ["/*.css", ["/tokens.css", "/mode.css"], ["/assets/theme.css", "/tokens.js"]],
    ["/**/*.css", ["/assets/theme.css", "/a/b/theme.css"], ["/tokens.css"]],
    ["/spending", ["/spending"], ["/spending.html", "/spending/", "/spendings"]],
    ["/", ["/"], ["/spending"]],
  ])("%s", (pattern, matching, notMatching) => {
    for (const path of matching) expect(pathMatches(pattern, path), path).toBe(true);
    for (const path of notMatching) expect(pathMatches(pattern, path), path).toBe(false);
  });

  it("treats dots and other pattern characters literally", () => {
    expect(pathMatches("/*.html", "/spendingxhtml")).toBe(false);
  });

  it("gathers the headers of every matching rule, ignoring the query string", () => {
    const rules = [
      { path: "/*", name: "X-Frame-Options", value: "DENY" },
      { path: "/_file/*", name: "Cache-Control", value: "immutable" },
      { path: "/spending", name: "Cache-Control", value: "no-cache" },
    ];
    expect(headersFor(rules, "/spending?from=2026-01")).toEqual({
      "x-frame-options": "DENY",
      "cache-control": "no-cache",
    });
    expect(headersFor(rules, "/_file/data/x.json")).toEqual({
      "x-frame-options": "DENY",
      "cache-control": "immutable",
    });
  });

  it("names a header that two matching rules both set", () => {
    const rules = [
      { path: "/*", name: "Cache-Control", value: "no-cache" },
      { path: "/_file/*", name: "cache-control", value: "immutable" },
    ];
    expect(conflictingNames(rules, "/_file/x.json")).toEqual(["cache-control"]);
    expect(conflictingNames(rules, "/spending")).toEqual([]);
  });
});
