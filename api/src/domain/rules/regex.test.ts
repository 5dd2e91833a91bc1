import { describe, expect, it } from "vitest";
import { checkRegex, REGEX_INPUT_LIMIT, safeTest } from "./regex";

describe("checkRegex", () => {
  it.each([
    ["(a+)+$", /repeated group/],
    ["(a*)*b", /repeated group/],
    ["(\\w+\\s?)*$", /repeated group/],
    ["(?:x{2,})+", /repeated group/],
    ["((ab)+c)+", /repeated group/],
    ["(.*a){12}", /repeated group/],
    ["(a|aa)+$", /alternatives/],
    ["(a|b)*c", /alternatives/],
    ["(a)\\1", /backreferences/],
    ["(?<x>a)\\k<x>", /backreferences/],
    ["(?<=a)b", /lookbehinds/],
    ["(?<!a)b", /lookbehinds/],
    ["a(?=b)", /lookaheads/],
    [".*.*.*x", /unbounded/],
    ["[a-z]+[a-z]+[a-z]+!", /unbounded/],
    ["a".repeat(201), /200 characters/],
    ["(unclosed", /not a valid/],
    ["[z-a]", /not a valid/],
  ])("refuses %s", (pattern, reason) => {
    const verdict = checkRegex(pattern);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });

  it.each([
    "^amzn",
    "uber\\s*(eats)?",
    "tesco|sainsbury",
    "^(tfl|trainline) ",
    "spotify.*premium",
    "\\d{4,6}$",
    "[a-z]+ ltd",
    "(coffee)+",
    "(?<shop>lidl)",
    "netflix\\.com",
    "a{2,5}b?",
  ])("accepts %s, case-insensitively", (pattern) => {
    const verdict = checkRegex(pattern);
    expect(verdict).toMatchObject({ ok: true });
    if (verdict.ok) expect(verdict.regex.flags).toContain("i");
  });

  it("stays fast on adversarial input for every accepted shape (a few ms per row at worst)", () => {
    const patterns = [".*.*x", "\\w+\\w+!", "(a)+b", "a*a?$", "[a-z]+[a-z]+!", "\\w{2,}\\s*\\d{1,9}!"];
    const inputs = ["a".repeat(100_000), `${"a ".repeat(50_000)}!`, "x".repeat(REGEX_INPUT_LIMIT + 1)];
    const started = performance.now();
    for (const pattern of patterns) {
      const verdict = checkRegex(pattern);
      expect(verdict.ok, pattern).toBe(true);
      if (!verdict.ok) continue;
      for (const input of inputs) safeTest(verdict.regex, input);
    }
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("matches only the first characters of a long text", () => {
    const verdict = checkRegex("needle");
    if (!verdict.ok) throw new Error("refused");
    expect(safeTest(verdict.regex, `NEEDLE${"x".repeat(1_000)}`)).toBe(true);
    expect(safeTest(verdict.regex, `${"x".repeat(REGEX_INPUT_LIMIT)}needle`)).toBe(false);
  });
});
