/** What the report's sections share: logging, medians, formatting. */

export const log = (message: string) => process.stderr.write(`[bench:report] ${message}\n`);

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const int = (n: number) => Math.round(n).toLocaleString("en-US");
export const secs = (s: number) => `${s < 1 ? s.toFixed(3) : s.toFixed(2)} s`;
export const msText = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : int(ms)} ms`;
export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

/** One line of a section's table: measure | Tandem | comparison | ratio. */
export interface Row {
  measure: string;
  tandem: string;
  comparison: string;
  ratio: string;
}

/** "a / b" as "N.N×" (or "n/a" when either side is missing). */
export function ratio(a: number | null | undefined, b: number | null | undefined, digits = 1): string {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return "n/a";
  return `${(a / b).toFixed(digits)}×`;
}

export function timeIt<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  return run().then((value) => ({ ms: performance.now() - started, value }));
}
