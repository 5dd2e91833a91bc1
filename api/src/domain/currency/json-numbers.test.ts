import { describe, expect, it } from "vitest";
import { parseJsonKeepingNumbers } from "./json-numbers";

describe("parseJsonKeepingNumbers", () => {
  it("keeps every number's digits as written", () => {
    const text = '{"amount": 1.0, "rates": {"2026-01-02": {"EUR": 0.912345678901234567, "JPY": 157.10, "X": 1.5e-7}}}';
    expect(parseJsonKeepingNumbers(text)).toEqual({
      amount: "1.0",
      rates: { "2026-01-02": { EUR: "0.912345678901234567", JPY: "157.10", X: "1.5e-7" } },
    });
  });

  it("leaves digits, quotes and escapes inside strings alone", () => {
    expect(parseJsonKeepingNumbers('["a 1.5 \\"2\\" b", -3, true, null, {"k\\\\": 0}]')).toEqual([
      'a 1.5 "2" b',
      "-3",
      true,
      null,
      { "k\\": "0" },
    ]);
  });

  it("still refuses malformed JSON", () => {
    expect(() => parseJsonKeepingNumbers('{"a": 1')).toThrow(SyntaxError);
    expect(() => parseJsonKeepingNumbers('{"a": "1}')).toThrow(SyntaxError);
    expect(() => parseJsonKeepingNumbers('{"a": -}')).toThrow(SyntaxError);
  });
});
