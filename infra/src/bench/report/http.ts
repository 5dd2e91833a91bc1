/**
 * HTTP under load: autocannon (in this process) against the real API in its own process
 * (GET /transactions?limit=50, bearer token) and against a bare Hono hello-world in its own
 * process, one after the other on the same machine; the API's RSS sampled from /proc.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { log } from "./common";

const ROOT = resolve(import.meta.dirname, "../../../..");

export interface LoadRun {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  rss?: { before: number; peak: number; after: number };
}

export interface HttpResult {
  api: LoadRun;
  hello: LoadRun;
  path: string;
  connections: number;
  seconds: number;
}

/** Starts a script with tsx in its own Node process; resolves with its first stdout line, parsed. */
async function startChild<T>(script: string, env: Record<string, string>): Promise<{ child: ChildProcess; info: T }> {
  const child = spawn(process.execPath, ["--import", "tsx", resolve(import.meta.dirname, script)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  const lines = createInterface({ input: child.stdout! });
  const info = await new Promise<T>((done, fail) => {
    child.once("exit", (code) => fail(new Error(`${script} exited with ${code}: ${stderr}`)));
    lines.once("line", (line) => done(JSON.parse(line) as T));
  });
  child.removeAllListeners("exit");
  return { child, info };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      done();
    });
    child.kill("SIGTERM");
  });
}

const rssOf = (pid: number) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) * 1024 : Number.NaN;
};

async function load(
  url: string,
  headers: Record<string, string>,
  connections: number,
  seconds: number,
  pid?: number,
): Promise<LoadRun> {
  // A short warm-up first: the JIT, the pool's connections, the database's cache.
  await autocannon({ url, headers, connections, duration: Math.min(2, seconds) });
  const before = pid ? rssOf(pid) : 0;
  let peak = before;
  const sampler = pid
    ? setInterval(() => {
        peak = Math.max(peak, rssOf(pid));
      }, 200)
    : undefined;
  const result = await autocannon({ url, headers, connections, duration: seconds });
  if (sampler) clearInterval(sampler);
  const after = pid ? rssOf(pid) : 0;
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    ...(pid ? { rss: { before, peak: Math.max(peak, after), after } } : {}),
  };
}

export async function measureHttp(databaseUrl: string, connections: number, seconds: number): Promise<HttpResult> {
  const path = "/transactions?limit=50";
  const children: ChildProcess[] = [];
  try {
    const api = await startChild<{ base: string; authorization: string }>("api-server.ts", {
      BENCH_DATABASE_URL: databaseUrl,
    });
    children.push(api.child);
    log(`HTTP: ${connections} connections × ${seconds} s on GET ${path} (API pid ${api.child.pid})`);
    const apiRun = await load(
      `${api.info.base}${path}`,
      { authorization: api.info.authorization },
      connections,
      seconds,
      api.child.pid,
    );
    await stopChild(api.child);
    log(`HTTP: API ${Math.round(apiRun.requestsPerSecond)} req/s, p50 ${apiRun.p50} ms, p99 ${apiRun.p99} ms`);
    const hello = await startChild<{ base: string }>("hello.ts", {});
    children.push(hello.child);
    const helloRun = await load(`${hello.info.base}/`, {}, connections, seconds, hello.child.pid);
    log(`HTTP: hello ${Math.round(helloRun.requestsPerSecond)} req/s, p50 ${helloRun.p50} ms, p99 ${helloRun.p99} ms`);
    return { api: apiRun, hello: helloRun, path, connections, seconds };
  } finally {
    for (const child of children) await stopChild(child);
  }
}
