import { describe, expect, it } from "vitest";
import { nulCharacterPaths } from "./router";

describe("nulCharacterPaths", () => {
  it("finds NUL characters at any depth, by field path", () => {
    expect(nulCharacterPaths({ a: "ok", b: "x\u0000", c: { d: ["fine", "\u0000"] } })).toEqual(["b", "c.d.1"]);
    expect(nulCharacterPaths("\u0000")).toEqual(["(body)"]);
  });

  it("passes clean values and non-strings", () => {
    expect(nulCharacterPaths({ a: "text", n: 1, b: true, z: null, u: undefined, list: [] })).toEqual([]);
    expect(nulCharacterPaths("\\u0000 written out is not a NUL")).toEqual([]);
  });
});
