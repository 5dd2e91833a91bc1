import { describe, expect, it } from "vitest";
import { canRelogin, durationWords, errorWords, runResultWords, statusWords, triggerWords } from "./banks-logic";

describe("a linked bank in words", () => {
  it("says whether it needs a new login", () => {
    expect(statusWords({ status: "healthy", needsRelogin: false })).toEqual({ label: "Connected", ok: true });
    expect(statusWords({ status: "error", needsRelogin: true }).label).toBe("Needs re-login");
    expect(canRelogin({ status: "login_required", needsRelogin: true })).toBe(true);
    expect(canRelogin({ status: "pending_expiration", needsRelogin: false })).toBe(true);
    expect(canRelogin({ status: "healthy", needsRelogin: false })).toBe(false);
    expect(canRelogin({ status: "removed", needsRelogin: true })).toBe(false);
  });

  it("explains errors by code, else with the API's message", () => {
    expect(errorWords({ errorCode: null, errorMessage: null })).toBeNull();
    expect(errorWords({ errorCode: "ITEM_LOGIN_REQUIRED", errorMessage: "x" })).toMatch(/log in again/);
    expect(errorWords({ errorCode: "ODD", errorMessage: "Odd thing" })).toBe("Odd thing");
    expect(errorWords({ errorCode: "ODD", errorMessage: null })).toBe("The bank reported ODD.");
  });
});

describe("the sync log in words", () => {
  it("names the trigger, the result and the time taken", () => {
    expect(triggerWords("manual")).toBe("Sync now");
    expect(triggerWords("link")).toBe("First sync after linking");
    expect(runResultWords({ status: "success", added: 1, modified: 2, removed: 0, errorCode: null })).toBe(
      "1 new transaction, 2 changed, 0 removed",
    );
    expect(
      runResultWords({ status: "error", added: 0, modified: 0, removed: 0, errorCode: "RATE_LIMIT_EXCEEDED" }),
    ).toMatch(/^Failed: The bank was busy/);
    expect(durationWords(250)).toBe("250 ms");
    expect(durationWords(1500)).toBe("1.5 s");
  });
});
