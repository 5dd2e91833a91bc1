/**
 * The dashboard's charts are sealed data made at build time; after the data changes, the
 * static host's deploy hook (DASHBOARD_DEPLOY_HOOK_URL, e.g. Render's) rebuilds them. A
 * burst of changes (a sync, an import, a member's edits) makes one call, at most one per
 * interval; a failing hook is retried, then logged and reported, never the request's problem.
 */
export interface RebuildHookStatus {
  configured: boolean;
  /** A call is waiting for the interval to pass. */
  pending: boolean;
  lastCalledAt: string | null;
  lastSucceededAt: string | null;
  lastError: string | null;
}

export interface RebuildHook {
  /** Data changed: make sure a rebuild follows, within the interval. */
  changed(): void;
  status(): RebuildHookStatus;
  /** Cancels a waiting call and waits for one in flight. */
  stop(): Promise<void>;
}

export interface RebuildHookOptions {
  url: string;
  intervalMs: number;
  attempts?: number;
  retryDelayMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
  log?: (level: "info" | "warn", message: string, fields?: Record<string, unknown>) => void;
}

/** The hook URL's path and query are its secret; logs and /health name the host only. */
export function hookHost(url: string): string {
  return new URL(url).host;
}

export function createRebuildHook(options: RebuildHookOptions): RebuildHook {
  const { url, intervalMs, attempts = 3, retryDelayMs = 2_000 } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  let lastCalledAt: number | null = null;
  let lastSucceededAt: number | null = null;
  let lastError: string | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | null = null;
  let changedDuringCall = false;

  async function callOnce(): Promise<void> {
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await fetchImpl(url, { method: "POST", signal: AbortSignal.timeout(10_000) });
        if (response.ok) {
          lastSucceededAt = now();
          lastError = null;
          log("info", "dashboard rebuild requested", { host: hookHost(url) });
          return;
        }
        lastError = `deploy hook answered ${response.status}`;
      } catch (error) {
        lastError = `deploy hook unreachable: ${(error as Error).name}`;
      }
      if (attempt < attempts) await new Promise((done) => setTimeout(done, retryDelayMs * attempt));
    }
    log("warn", "dashboard rebuild hook failed", { host: hookHost(url), error: lastError, attempts });
  }

  function call(): void {
    timer = undefined;
    lastCalledAt = now();
    changedDuringCall = false;
    inFlight = callOnce().finally(() => {
      inFlight = null;
      // Data that changed while the hook was being called may have missed that build.
      if (changedDuringCall) schedule();
    });
  }

  function schedule(): void {
    if (timer !== undefined) return;
    const wait = lastCalledAt === null ? 0 : Math.max(0, lastCalledAt + intervalMs - now());
    timer = setTimeout(call, wait);
    timer.unref?.();
  }

  return {
    changed() {
      if (inFlight) changedDuringCall = true;
      else schedule();
    },
    status: () => ({
      configured: true,
      pending: timer !== undefined,
      lastCalledAt: lastCalledAt === null ? null : new Date(lastCalledAt).toISOString(),
      lastSucceededAt: lastSucceededAt === null ? null : new Date(lastSucceededAt).toISOString(),
      lastError,
    }),
    async stop() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await inFlight;
    },
  };
}
