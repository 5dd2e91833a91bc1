import { log } from "./log";

export interface JobOptions {
  name: string;
  /** 0 or less: the job never runs (tests, or a deployment that runs it elsewhere). */
  intervalMs: number;
  /** The first pass runs this long after start, so an instance that sleeps between requests still does its work. */
  firstAfterMs: number;
}

/**
 * Runs `pass` shortly after start, then every interval. Passes never overlap a stop:
 * the returned stop() clears the timers and waits for a running pass. A failed pass is
 * logged (its error's name only, never its details) and the next one runs as planned.
 */
export function startJob(options: JobOptions, pass: () => Promise<unknown>): () => Promise<void> {
  if (options.intervalMs <= 0) return async () => {};
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = pass().catch((error: Error) => log("error", `${options.name} failed`, { error: error.name }));
  };
  const first = setTimeout(tick, options.firstAfterMs);
  first.unref();
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    await running;
  };
}
