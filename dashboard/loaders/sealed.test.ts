import { describe, expect, it } from "vitest";
import { seal, UnsealError, unseal } from "../src/components/sealed";

const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const otherKey = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
const value = {
  household: "The Demo Household",
  flows: Array.from({ length: 500 }, (_, i) => ({ month: "2026-01", amount: -i - 1 })),
};

describe("sealed dashboard data", () => {
  it("round-trips, compressed, with nothing readable inside", async () => {
    const box = await seal(value, key, "ledger");
    expect(await unseal(box, key, "ledger")).toEqual(value);
    expect(atob(box.ciphertext)).not.toContain("The Demo Household");
    expect(box.ciphertext.length).toBeLessThan(JSON.stringify(value).length / 2);
  });

  it("refuses another key, another label and any tampering", async () => {
    const box = await seal(value, key, "ledger");
    await expect(unseal(box, otherKey, "ledger")).rejects.toThrow(UnsealError);
    await expect(unseal({ ...box, label: "budgets" }, key, "budgets")).rejects.toThrow(UnsealError);
    const flipped = box.ciphertext.startsWith("A") ? `B${box.ciphertext.slice(1)}` : `A${box.ciphertext.slice(1)}`;
    await expect(unseal({ ...box, ciphertext: flipped }, key, "ledger")).rejects.toThrow(UnsealError);
  });

  it("uses a fresh nonce every time", async () => {
    const [a, b] = [await seal(value, key, "ledger"), await seal(value, key, "ledger")];
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
  });
});
