import { isIP } from "node:net";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";

/** The address of requests that came without a socket (app.request() in tests). */
export const NO_SOCKET = "no-socket";

function socketAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not served by @hono/node-server: there is no socket to ask
  }
}

/**
 * The client's address as a rate-limit key. With `trustedProxyHops` proxies in front,
 * each appended the address it saw to X-Forwarded-For, so the client is that many
 * entries from the right; entries further left are whatever the client sent, and forged.
 * Short of entries (a proxy skipped), the leftmost is the best there is, as in Express.
 */
export function clientIp(c: Context, trustedProxyHops: number): string {
  const socket = normaliseAddress(socketAddress(c));
  if (trustedProxyHops <= 0) return socket ?? NO_SOCKET;
  const chain = (c.req.header("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (chain.length === 0) return socket ?? NO_SOCKET;
  const client = chain[Math.max(0, chain.length - trustedProxyHops)];
  return normaliseAddress(client) ?? socket ?? NO_SOCKET;
}

/**
 * One key per client: IPv4 as is (IPv4-mapped IPv6 included), IPv6 by its /64, since
 * one subscriber gets a whole /64 and could otherwise pick a new address per request.
 * Anything that is not an address (a port suffix aside) gives undefined.
 */
export function normaliseAddress(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const address = withoutPort(raw.trim()).replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped && isIP(mapped[1]!) === 4) return mapped[1];
  const family = isIP(address);
  if (family === 4) return address;
  if (family === 6) return `${ipv6Groups(address).slice(0, 4).join(":")}::/64`;
  return undefined;
}

function withoutPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(address);
  return v4WithPort ? v4WithPort[1]! : address;
}

/** The eight 16-bit groups of a valid IPv6 address, "::" expanded, in lower-case hex. */
function ipv6Groups(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const groupsOf = (part: string) =>
    part ? part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])) : ([] as string[]);
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => "0");
  return [...left, ...zeros, ...right].map((g) => Number.parseInt(g, 16).toString(16));
}
