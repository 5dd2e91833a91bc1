import { describe, expect, it } from "vitest";
import {
  canRelogin,
  durationWords,
  errorWords,
  forgetLinkSession,
  isBackFromBank,
  keepLinkSession,
  LINK_SESSION_KEY,
  type LinkSession,
  runLink,
  runResultWords,
  statusWords,
  takeLinkSession,
  triggerWords,
  withoutOAuthState,
} from "./banks-logic";

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

/** sessionStorage's interface over a Map: the real one does not exist in Node. */
function memoryStorage() {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

describe("a Link session kept across an OAuth bank's round trip", () => {
  const now = Date.parse("2026-05-01T12:00:00Z");
  const session: LinkSession = {
    linkToken: "link-sandbox-1",
    mode: "update",
    itemId: "item-1",
    expiresAt: "2026-05-01T16:00:00Z",
  };

  it("is taken once, then gone", () => {
    const storage = memoryStorage();
    keepLinkSession(storage, session);
    expect(JSON.parse(storage.values.get(LINK_SESSION_KEY)!)).toEqual(session);
    expect(takeLinkSession(storage, now)).toEqual(session);
    expect(takeLinkSession(storage, now)).toBeNull();
  });

  it("is forgotten when its link token has expired, or when it is not one", () => {
    const storage = memoryStorage();
    keepLinkSession(storage, session);
    expect(takeLinkSession(storage, Date.parse(session.expiresAt))).toBeNull();
    expect(storage.values.size).toBe(0);
    for (const stored of ["{", "null", JSON.stringify({ ...session, mode: "update", itemId: null })]) {
      storage.setItem(LINK_SESSION_KEY, stored);
      expect(takeLinkSession(storage, now), stored).toBeNull();
    }
    keepLinkSession(storage, { ...session, mode: "create", itemId: null });
    forgetLinkSession(storage);
    expect(takeLinkSession(storage, now)).toBeNull();
  });

  it("recognises the bank's redirect and drops its state id from the address", () => {
    expect(isBackFromBank("?oauth_state_id=abc")).toBe(true);
    expect(isBackFromBank("")).toBe(false);
    expect(isBackFromBank("?next=/banks")).toBe(false);
    expect(withoutOAuthState("https://tandem.example/banks?oauth_state_id=abc")).toBe("https://tandem.example/banks");
    expect(withoutOAuthState("https://tandem.example/banks?tab=1&oauth_state_id=abc")).toBe(
      "https://tandem.example/banks?tab=1",
    );
  });

  it("re-creates Link with the received redirect URI only when resuming", async () => {
    const configs: Record<string, unknown>[] = [];
    const plaid = {
      create(config: Parameters<Parameters<typeof runLink>[0]["create"]>[0]) {
        configs.push({ ...config });
        return { open: () => config.onExit?.(null, {}), exit() {}, destroy() {} };
      },
    };
    expect(await runLink(plaid, "link-sandbox-1")).toEqual({ exited: null });
    expect(await runLink(plaid, "link-sandbox-1", "https://tandem.example/banks?oauth_state_id=abc")).toEqual({
      exited: null,
    });
    expect(configs[0]).not.toHaveProperty("receivedRedirectUri");
    expect(configs[1]).toMatchObject({
      token: "link-sandbox-1",
      receivedRedirectUri: "https://tandem.example/banks?oauth_state_id=abc",
    });
  });
});
