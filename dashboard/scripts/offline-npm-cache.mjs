// Framework's own client code names libraries it would fetch from a CDN on demand
// (react-dom for JSX, d3-dsv for FileAttachment.csv(), duckdb, ...). Building its bundle
// asks the npm registry for their versions even when no page uses them. We seed its
// version cache with a placeholder so the build never goes online; a page that did use
// one of them would request /_npm/<name>@0.0.0-offline/... and fail visibly on our own
// origin rather than silently reach a third party.
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const OFFLINE_VERSION = "0.0.0-offline";

const here = dirname(fileURLToPath(import.meta.url));
const frameworkClient = join(
  dirname(createRequire(import.meta.url).resolve("@observablehq/framework/package.json")),
  "dist",
  "client",
);

function* files(dir) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (path.endsWith(".js")) yield path;
  }
}

function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

const names = new Set();
for (const file of files(frameworkClient)) {
  for (const [, specifier] of readFileSync(file, "utf8").matchAll(/["'`]npm:([^"'`@][^"'`]*|@[^"'`]+)/g)) {
    if (!/@\d/.test(specifier.slice(1))) names.add(packageName(specifier));
  }
}
const cache = join(here, "..", "src", ".observablehq", "cache", "_npm");
for (const name of names) mkdirSync(join(cache, `${name}@${OFFLINE_VERSION}`), { recursive: true });
