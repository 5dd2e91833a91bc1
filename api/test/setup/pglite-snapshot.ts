import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { openPgliteClient } from "../../src/db/client";
import { migrationsHash } from "./migrations-hash";

/** Migrates one in-memory PGlite and dumps its data directory; each test file loads the dump. */
export default async function setup(project: TestProject) {
  // Under node_modules, so a new PGlite from `npm ci` never meets an old dump.
  const cache = join(process.cwd(), "node_modules", ".cache");
  const snapshot = join(cache, `tandem-pglite-${migrationsHash()}.tar`);
  if (!existsSync(snapshot)) {
    const { client, handle } = await openPgliteClient("memory://");
    await handle.migrate();
    const dump = await client.dumpDataDir("none");
    const scratch = `${snapshot}.${process.pid}`;
    mkdirSync(cache, { recursive: true });
    writeFileSync(scratch, new Uint8Array(await dump.arrayBuffer()));
    renameSync(scratch, snapshot);
    await handle.close();
  }
  project.provide("pgliteSnapshot", snapshot);
}
