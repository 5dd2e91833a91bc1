import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIp, NO_SOCKET, normaliseAddress } from "./client-ip";

function appWithHops(hops: number) {
  const app = new Hono();
  app.get("/ip", (c) => c.text(clientIp(c, hops)));
  return app;
}

describe("clientIp over a real socket", () => {
  const servers: ReturnType<typeof serve>[] = [];
  const urls: Record<number, string> = {};

  beforeAll(async () => {
    for (const hops of [0, 1, 2]) {
      await new Promise<void>((resolve) => {
        const listening = (info: AddressInfo) => {
          urls[hops] = `http://127.0.0.1:${info.port}/ip`;
          resolve();
        };
        servers.push(serve({ fetch: appWithHops(hops).fetch, port: 0, hostname: "127.0.0.1" }, listening));
      });
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });

  const ipFrom = async (hops: number, forwardedFor?: string) =>
    (await fetch(urls[hops]!, { headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} })).text();

  it("is the socket's address when no proxy is trusted, whatever X-Forwarded-For claims", async () => {
    expect(await ipFrom(0)).toBe("127.0.0.1");
    expect(await ipFrom(0, "203.0.113.9")).toBe("127.0.0.1");
  });

  it("with one trusted proxy, is the entry that proxy appended, not the ones the client forged", async () => {
    expect(await ipFrom(1, "203.0.113.9")).toBe("203.0.113.9");
    expect(await ipFrom(1, "1.1.1.1, 8.8.8.8, 203.0.113.9")).toBe("203.0.113.9");
  });

  it("with two trusted proxies, is the second entry from the right", async () => {
    expect(await ipFrom(2, "6.6.6.6, 203.0.113.9, 10.0.0.2")).toBe("203.0.113.9");
  });

  it("falls back to the socket when the header is missing or its entry is not an address", async () => {
    expect(await ipFrom(1)).toBe("127.0.0.1");
    expect(await ipFrom(1, "203.0.113.9, not-an-ip")).toBe("127.0.0.1");
  });

  it("takes the leftmost entry when there are fewer entries than proxies", async () => {
    expect(await ipFrom(2, "203.0.113.9")).toBe("203.0.113.9");
  });
});

describe("clientIp without a socket", () => {
  it("gives one fixed key under app.request()", async () => {
    expect(await (await appWithHops(0).request("/ip")).text()).toBe(NO_SOCKET);
    expect(await (await appWithHops(1).request("/ip")).text()).toBe(NO_SOCKET);
    expect(await (await appWithHops(1).request("/ip", { headers: { "x-forwarded-for": "::1" } })).text()).toBe(
      "0:0:0:0::/64",
    );
  });

  it("reads several X-Forwarded-For headers as one list, the last proxy's entry last", async () => {
    const headers = new Headers();
    headers.append("x-forwarded-for", "1.1.1.1");
    headers.append("x-forwarded-for", "203.0.113.9");
    expect(await (await appWithHops(1).request("/ip", { headers })).text()).toBe("203.0.113.9");
  });
});

describe("normaliseAddress", () => {
  it("keeps IPv4, unwraps IPv4-mapped IPv6 and drops a port", () => {
    expect(normaliseAddress("203.0.113.9")).toBe("203.0.113.9");
    expect(normaliseAddress("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(normaliseAddress("203.0.113.9:51234")).toBe("203.0.113.9");
  });

  it("keys IPv6 by its /64, so one subscriber's addresses share a bucket", () => {
    expect(normaliseAddress("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(normaliseAddress("2001:DB8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(normaliseAddress("[2001:db8:1:2::9]:443")).toBe("2001:db8:1:2::/64");
    expect(normaliseAddress("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(normaliseAddress("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    expect(normaliseAddress("64:ff9b:1:2::203.0.113.9")).toBe("64:ff9b:1:2::/64");
  });

  it("refuses what is not an address", () => {
    for (const raw of [undefined, "", "unknown", "1.2.3", "2001:db8::1::2", "<script>", "a".repeat(5000)]) {
      expect(normaliseAddress(raw)).toBeUndefined();
    }
  });
});
