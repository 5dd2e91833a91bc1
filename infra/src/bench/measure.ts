/** What every bench shares: its knobs from the environment, and latency statistics. */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** True when the module at `url` is the script being run (not imported, e.g. by bench/report.ts). */
export const isMain = (url: string) =>
  process.argv[1] !== undefined && pathToFileURL(resolve(process.argv[1])).href === url;

/** A non-negative integer from the environment (underscores allowed: BENCH_ROWS=1_000_000). */
export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw.replaceAll("_", ""));
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

export interface Stats {
  p50: number;
  p99: number;
  mean: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
  return { p50: rank(0.5), p99: rank(0.99), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

export async function measure(run: () => Promise<unknown>, samples: number, warmup: number): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return stats(times);
}

/** Alternates the two so both see the same machine (GC, autovacuum, noisy neighbours). */
export async function measurePair(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  samples: number,
  warmup: number,
): Promise<[Stats, Stats]> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const [timesA, timesB]: [number[], number[]] = [[], []];
  for (let i = 0; i < samples; i++) {
    let started = performance.now();
    await a();
    timesA.push(performance.now() - started);
    started = performance.now();
    await b();
    timesB.push(performance.now() - started);
  }
  return [stats(timesA), stats(timesB)];
}
