import { randomBytes } from "node:crypto";
import postgres from "postgres";

export interface ScratchDatabase {
  name: string;
  url: string;
  /** A connection to the server's admin database (for settings and the drop). */
  admin: postgres.Sql;
  create(): Promise<void>;
  /** Registers something to close before the database is dropped (servers, pools). */
  onCleanup(release: () => Promise<unknown> | unknown): void;
  cleanup(): Promise<void>;
}

/**
 * A throwaway database for one bench run, dropped at the end: on success, on failure
 * and on Ctrl-C alike, so a bench never leaves gigabytes behind.
 */
export function scratchDatabase(prefix: string, adminUrl: string, log: (line: string) => void): ScratchDatabase {
  const name = `${prefix}_${randomBytes(5).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const releases: (() => Promise<unknown> | unknown)[] = [];
  let created = false;
  let cleaned = false;

  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    process.removeListener("SIGINT", interrupted);
    process.removeListener("SIGTERM", interrupted);
    for (const release of releases.reverse())
      await Promise.resolve()
        .then(release)
        .catch(() => {});
    if (created) {
      await admin.unsafe(`drop database if exists ${name} with (force)`).catch((error: Error) => {
        log(`could not drop ${name}: ${error.message}`);
      });
      log(`dropped ${name}`);
    }
    await admin.end({ timeout: 5 }).catch(() => {});
  };
  function interrupted() {
    log("interrupted; cleaning up");
    void cleanup().finally(() => process.exit(130));
  }
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);

  return {
    name,
    url: url.toString(),
    admin,
    async create() {
      await admin.unsafe(`create database ${name}`);
      created = true;
    },
    onCleanup: (release) => releases.push(release),
    cleanup,
  };
}
