/**
 * Builds the dashboard the way its static host does: Framework runs the loaders against
 * the API with a read-only key and seals their output. Loader output is cached by
 * Framework and reused when the loader's source is unchanged, which for a data app means
 * stale money; the cache of loader output is therefore dropped before every build.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { resolve } from "node:path";

export const DASHBOARD_DIR = resolve(import.meta.dirname, "../../../dashboard");
export const DASHBOARD_DIST = resolve(DASHBOARD_DIR, "dist");

export interface DashboardBuildEnv {
  TANDEM_API_URL: string;
  TANDEM_API_KEY: string;
  DASHBOARD_SEAL_KEY: string;
  /** Plaid Link's script for the Banks page; the local emulator's stand-in in demo and tests. */
  TANDEM_PLAID_LINK_SCRIPT?: string;
}

export class DashboardBuildError extends Error {}

export function clearLoaderCache(): void {
  rmSync(resolve(DASHBOARD_DIR, "src/.observablehq/cache/data"), { recursive: true, force: true });
}

/** Runs `npm run build -w @tandem/dashboard`; resolves with the build's duration in ms. */
export function buildDashboard(env: DashboardBuildEnv, options: { quiet?: boolean } = {}): Promise<number> {
  clearLoaderCache();
  const started = performance.now();
  return new Promise((resolveBuild, reject) => {
    const child = spawn("npm", ["run", "build", "--silent", "-w", "@tandem/dashboard"], {
      cwd: resolve(DASHBOARD_DIR, ".."),
      env: { ...process.env, ...env, OBSERVABLE_TELEMETRY_DISABLE: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 200_000) output = output.slice(-100_000);
      if (!options.quiet) process.stderr.write(chunk);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolveBuild(performance.now() - started);
      else reject(new DashboardBuildError(`The dashboard build failed (exit ${code}):\n${output.slice(-4_000)}`));
    });
  });
}
