#!/usr/bin/env node
/**
 * The npm registry this project is developed against serves only the current
 * platform's builds of native packages, so `npm install` leaves the other platforms'
 * optional binaries (biome, rollup, esbuild, …) out of package-lock.json, and `npm ci`
 * then refuses the lock as out of sync. This adds the missing optional entries back
 * (version only; each platform fetches its own) so `npm ci` works here and elsewhere.
 * Run after changing dependencies: `npm run lockfile`.
 */
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;
let added = 0;

const exactVersion = (range) => (/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(range) ? range : null);

for (const [at, meta] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const version = exactVersion(range);
    if (!version) continue;
    const hoisted = `node_modules/${name}`;
    const nested = `${at ? `${at}/` : ""}node_modules/${name}`;
    if (packages[nested] || packages[hoisted]?.version === version) continue;
    const target = packages[hoisted] ? nested : hoisted;
    packages[target] = { version, dev: meta.dev || undefined, optional: true };
    added++;
  }
}

if (added > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : 1)),
  );
  writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
}
console.log(`package-lock.json: ${added} optional platform entr${added === 1 ? "y" : "ies"} added`);
