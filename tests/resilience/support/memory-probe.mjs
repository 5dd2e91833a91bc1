// Loaded into the API process by the soak (NODE_OPTIONS=--import …), never in production:
// every MEMORY_PROBE_EVERY_MS it runs a full collection and appends process.memoryUsage() as
// one JSON line to MEMORY_PROBE_FILE. V8 collects lazily, so resident memory alone is a
// sawtooth hundreds of MB high; what is left after a full collection is what a leak grows.
import { appendFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

const file = process.env.MEMORY_PROBE_FILE;
if (file) {
  setFlagsFromString("--expose-gc");
  const collect = runInNewContext("gc");
  const started = performance.now();
  const probe = () => {
    collect();
    const { rss, heapUsed, external } = process.memoryUsage();
    const seconds = (performance.now() - started) / 1000;
    appendFileSync(file, `${JSON.stringify({ seconds, rss, heapUsed, external })}\n`);
  };
  setInterval(probe, Number(process.env.MEMORY_PROBE_EVERY_MS ?? 10_000)).unref();
}
