/**
 * Actual Budget's side of `npm run bench:sync`. `@actual-app/api` is a dependency of the
 * bench only: it lives in bench/actual (its own package.json and lock, not a workspace),
 * installed here on first use, and runs in a child process so its native dependency
 * (better-sqlite3, compiled from source through the package's `allowScripts` entry)
 * never loads into the bench's own process.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ACTUAL_DIR = fileURLToPath(new URL("../../../../bench/actual/", import.meta.url));
const API_PACKAGE = path.join(ACTUAL_DIR, "node_modules/@actual-app/api/package.json");
const SQLITE_BINARY = path.join(ACTUAL_DIR, "node_modules/better-sqlite3/build/Release/better_sqlite3.node");

/** One row as Actual's importTransactions takes it (amount in integer cents, negative = outflow). */
export interface ActualRow {
  date: string;
  amount: number;
  payee_name: string;
  imported_payee: string;
  imported_id: string;
  cleared: boolean;
  notes?: string;
}

export interface ActualResult {
  rows: number;
  seconds: number;
  added: number;
  updated: number;
  errors: number;
  reimport?: { seconds: number; added: number; updated: number };
  version: string;
}

function run(command: string, args: string[], options: { cwd: string; capture?: boolean }) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      stdio: ["ignore", options.capture ? "pipe" : "inherit", "inherit"],
      env: process.env,
    });
    let out = "";
    // Progress of an install goes to stderr, like the rest of the bench's chatter.
    if (!options.capture) child.stdout?.pipe(process.stderr);
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(" ")} exited with ${code ?? signal}`)),
    );
  });
}

/**
 * Installs bench/actual when its node_modules is missing: `npm ci` from its lock.
 * better-sqlite3's install script (allowed in bench/actual/package.json's allowScripts,
 * since npm 11 blocks install scripts by default) finds no prebuilt binary offline and
 * compiles from source with node-gyp against the local Node headers (about a minute).
 */
export async function ensureActualInstalled(log: (message: string) => void): Promise<string> {
  if (!existsSync(API_PACKAGE) || !existsSync(SQLITE_BINARY)) {
    log("installing @actual-app/api into bench/actual (bench-only; compiles better-sqlite3, ~1 min)");
    const lock = existsSync(path.join(ACTUAL_DIR, "package-lock.json"));
    await run("npm", [lock ? "ci" : "install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: ACTUAL_DIR,
      capture: false,
    });
    if (!existsSync(SQLITE_BINARY)) {
      // An npm that skipped the script after all: build it explicitly.
      log("better-sqlite3 has no binary; running npm rebuild better-sqlite3");
      await run("npm", ["rebuild", "better-sqlite3", "--loglevel=error"], { cwd: ACTUAL_DIR });
    }
  }
  return (JSON.parse(await readFile(API_PACKAGE, "utf8")) as { version: string }).version;
}

/** Times importTransactions of `rows` into one new account of a new local budget. */
export async function timeActualImport(
  rows: readonly ActualRow[],
  options: { reimport: boolean; log: (message: string) => void },
): Promise<ActualResult> {
  const version = await ensureActualInstalled(options.log);
  const work = await mkdtemp(path.join(os.tmpdir(), "tandem-bench-actual-"));
  try {
    const rowsPath = path.join(work, "rows.json");
    const dataDir = path.join(work, "data");
    await writeFile(rowsPath, JSON.stringify(rows));
    await mkdir(dataDir);
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ACTUAL_DIR, "import.mjs"), rowsPath, dataDir], {
        cwd: ACTUAL_DIR,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, ACTUAL_REIMPORT: options.reimport ? "1" : "0" },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
      });
      // Actual is chatty; keep its output for a failure report only.
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr = (stderr + chunk).slice(-4_000);
      });
      child.once("error", reject);
      child.once("exit", (code, signal) =>
        code === 0
          ? resolve(stdout)
          : reject(new Error(`Actual's import exited with ${code ?? signal}:\n${stderr.trim()}`)),
      );
    });
    const line = out.trim().split("\n").at(-1) ?? "";
    return { ...(JSON.parse(line) as Omit<ActualResult, "version">), version };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
