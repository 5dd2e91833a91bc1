import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPlaidEmulator, startPlaidEmulator } from "./index";
import { control, plaidClient } from "./test-support";

let emulator: RunningPlaidEmulator;

beforeAll(async () => {
  emulator = await startPlaidEmulator({ port: 0, seed: 3 });
});

afterAll(async () => {
  await emulator.close();
});

const ORIGIN = "http://localhost:3999";

describe("the Plaid Link stand-in", () => {
  it("serves link-initialize.js as JavaScript to any origin", async () => {
    const response = await fetch(`${emulator.url}/link/link-initialize.js`, { headers: { origin: ORIGIN } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const source = await response.text();
    expect(source).toContain("Sandbox bank");
    expect(source).toContain("/__emulator/link/complete");
  });

  it("defines window.Plaid.create with Link's handler interface", async () => {
    const source = await (await fetch(`${emulator.url}/link/link-initialize.js`)).text();
    const window: Record<string, unknown> = {};
    const loaded: string[] = [];
    runInNewContext(source, {
      window,
      document: { currentScript: { src: `${emulator.url}/link/link-initialize.js` } },
      location: { origin: ORIGIN },
      URL,
      setTimeout: (fn: () => void) => fn(),
    });
    const plaid = window.Plaid as { create(config: object): Record<string, unknown> };
    const handler = plaid.create({ token: "link-sandbox-x", onLoad: () => loaded.push("load") });
    expect(typeof handler.open).toBe("function");
    expect(typeof handler.exit).toBe("function");
    expect(typeof handler.destroy).toBe("function");
    expect(loaded).toEqual(["load"]);
  });

  it("answers the preflight and the completion of Link across origins", async () => {
    const preflight = await fetch(`${emulator.url}/__emulator/link/complete`, {
      method: "OPTIONS",
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("content-type");

    const { data: link } = await plaidClient(emulator.url).linkTokenCreate({
      client_name: "Tandem",
      language: "en",
      country_codes: ["US" as never],
      user: { client_user_id: "household-1" },
      products: ["transactions" as never],
    });
    const response = await fetch(`${emulator.url}/__emulator/link/complete`, {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ link_token: link.link_token, institution_id: "ins_109511" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await response.json()) as { public_token: string; metadata: { institution: { name: string } } };
    expect(body.public_token).toMatch(/^public-sandbox-/);
    expect(body.metadata.institution.name).toBe("Tartan Bank");

    const refused = await fetch(`${emulator.url}/__emulator/link/complete`, {
      method: "POST",
      headers: { origin: ORIGIN, "content-type": "application/json" },
      body: JSON.stringify({ link_token: "link-sandbox-unknown" }),
    });
    expect(refused.status).toBe(404);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
  });
});

/**
 * Just enough DOM for the stand-in's dialog (elements, listeners, showModal), so its OAuth
 * round trip runs in Node against the real emulator: the browser steps drive it in Chromium.
 */
class FakeElement {
  children: FakeElement[] = [];
  attributes: Record<string, string> = {};
  listeners: Record<string, ((event: { preventDefault(): void }) => void)[]> = {};
  textContent = "";
  disabled = false;
  open = false;
  selected = false;
  value = "";
  parent: FakeElement | null = null;
  constructor(readonly tagName: string) {}
  get text() {
    return this.textContent;
  }
  get options() {
    return this.children;
  }
  get selectedIndex() {
    return this.children.findIndex((option) => option.attributes.value === this.value);
  }
  setAttribute(name: string, value: string) {
    this.attributes[name] = value;
    if (name === "value") this.value = value;
  }
  appendChild(child: FakeElement) {
    child.parent = this;
    this.children.push(child);
    return child;
  }
  addEventListener(type: string, listener: (event: { preventDefault(): void }) => void) {
    this.listeners[type] = [...(this.listeners[type] ?? []), listener];
  }
  dispatch(type: string) {
    for (const listener of this.listeners[type] ?? []) listener({ preventDefault() {} });
  }
  showModal() {
    this.open = true;
  }
  close() {
    this.open = false;
  }
  remove() {
    if (this.parent) this.parent.children = this.parent.children.filter((c) => c !== this);
  }
  focus() {}
  querySelector(tag: string): FakeElement | null {
    for (const child of this.children) {
      if (child.tagName === tag) return child;
      const found = child.querySelector(tag);
      if (found) return found;
    }
    return null;
  }
}

interface StandIn {
  body: FakeElement;
  assigned: string[];
  plaid: { create(config: object): { open(): void } };
}

async function standIn(): Promise<StandIn> {
  const source = await (await fetch(`${emulator.url}/link/link-initialize.js`)).text();
  const body = new FakeElement("body");
  const assigned: string[] = [];
  const window: Record<string, unknown> = {};
  runInNewContext(source, {
    window,
    document: {
      currentScript: { src: `${emulator.url}/link/link-initialize.js` },
      createElement: (tag: string) => new FakeElement(tag),
      createTextNode: (text: string) => Object.assign(new FakeElement("#text"), { textContent: text }),
      getElementById: () => null,
      head: new FakeElement("head"),
      body,
    },
    location: { origin: ORIGIN, assign: (url: string) => assigned.push(url) },
    URL,
    fetch,
    setTimeout,
  });
  return { body, assigned, plaid: window.Plaid as StandIn["plaid"] };
}

const REDIRECT_URI = "http://localhost:3999/banks";

async function oauthLinkToken(): Promise<string> {
  const { data } = await plaidClient(emulator.url).linkTokenCreate({
    client_name: "Tandem",
    language: "en",
    country_codes: ["US" as never],
    user: { client_user_id: "household-1" },
    products: ["transactions" as never],
    redirect_uri: REDIRECT_URI,
  });
  return data.link_token;
}

type Settled =
  | { success: [string, { institution: { name: string } | null }] }
  | { exit: [unknown, { status: string }] };

function settle(config: object): { config: object; settled: Promise<Settled> } {
  let done: (value: Settled) => void = () => {};
  const settled = new Promise<Settled>((resolve) => {
    done = resolve;
  });
  return {
    config: {
      ...config,
      onSuccess: (...args: unknown[]) => done({ success: args as never }),
      onExit: (...args: unknown[]) => done({ exit: args as never }),
    },
    settled,
  };
}

describe("the stand-in's OAuth round trip", () => {
  it("leaves for an OAuth bank's page, and once back finishes with the same token", async () => {
    const token = await oauthLinkToken();
    const first = await standIn();
    const events: string[] = [];
    first.plaid.create({ token, onEvent: (name: string) => events.push(name) }).open();
    const dialog = first.body.querySelector("dialog")!;
    expect(dialog.open).toBe(true);
    dialog.querySelector("select")!.value = "ins_127287";
    dialog.querySelector("form")!.dispatch("submit");
    await expect.poll(() => first.assigned.length).toBe(1);
    expect(first.assigned[0]).toMatch(new RegExp(`^${emulator.url}/__emulator/oauth/[0-9a-f-]{36}$`));
    expect(events).toEqual(["OPEN", "SELECT_INSTITUTION", "OPEN_OAUTH"]);

    const back = await fetch(`${first.assigned[0]}/allow`, { method: "POST", redirect: "manual" });
    const received = back.headers.get("location")!;
    expect(received).toMatch(new RegExp(`^${REDIRECT_URI}\\?oauth_state_id=`));

    const second = await standIn();
    const { config, settled } = settle({ token, receivedRedirectUri: received });
    second.plaid.create(config).open();
    const resumed = second.body.querySelector("dialog")!;
    expect(resumed.querySelector("h2")!.textContent).toMatch(/^Back from your bank/);
    resumed.querySelector("form")!.dispatch("submit");
    const outcome = await settled;
    expect("success" in outcome && outcome.success[0]).toMatch(/^public-sandbox-/);
    expect("success" in outcome && outcome.success[1].institution?.name).toBe("Platypus OAuth Bank");
    expect(second.body.querySelector("dialog")).toBeNull();
  });

  it("exits with Plaid's error when the state is not this token's", async () => {
    const token = await oauthLinkToken();
    const other = await oauthLinkToken();
    const left = await control<{ oauth: { bank_url: string } }>(emulator.url, "/link/complete", {
      link_token: other,
      institution_id: "ins_127287",
    });
    const back = await fetch(`${left.oauth.bank_url}/allow`, { method: "POST", redirect: "manual" });
    const page = await standIn();
    const { config, settled } = settle({ token, receivedRedirectUri: back.headers.get("location") });
    page.plaid.create(config).open();
    page.body.querySelector("form")!.dispatch("submit");
    const outcome = await settled;
    expect(outcome).toEqual({
      exit: [
        expect.objectContaining({ error_code: "INVALID_FIELD", error_type: "INVALID_REQUEST" }),
        expect.objectContaining({ status: "requires_oauth" }),
      ],
    });
  });
});
