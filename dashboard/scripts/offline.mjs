// Preloaded into `observable build`: the build must need no network. Framework fetches
// implicit `npm:` imports (and their registry metadata) from a CDN; any such attempt
// fails the build here instead of quietly working only where the internet is reachable.
import http from "node:http";
import https from "node:https";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function refuse(target) {
  throw new Error(
    `The dashboard build tried to reach ${target}. Import libraries explicitly from node_modules ` +
      `(e.g. import * as Plot from "@observablehq/plot"), never through Framework's implicit npm: imports.`,
  );
}

function hostOf(input) {
  if (typeof input === "string" || input instanceof URL) return new URL(input).hostname;
  if (input && typeof input === "object" && "url" in input) return new URL(input.url).hostname;
  return input?.hostname ?? input?.host ?? "";
}

const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const host = hostOf(input);
  if (!LOOPBACK.has(host)) refuse(String(input?.url ?? input));
  return realFetch(input, init);
};
for (const mod of [http, https]) {
  for (const name of ["request", "get"]) {
    const real = mod[name];
    mod[name] = (...args) => {
      const host = hostOf(args[0]);
      if (!LOOPBACK.has(host)) refuse(host);
      return real.apply(mod, args);
    };
  }
}
