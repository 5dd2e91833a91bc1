/**
 * The live status panel: GET /health (public) and GET /plaid/items (as the member),
 * asked from the browser now and then every `intervalMs`.
 */
import { html } from "htl";
import type { Health } from "../shared/contract/health.js";
import { localDateTime, localTime, timeAgo } from "./format.js";
import { ApiError, apiUrl, authFetch, NetworkError, problemOf } from "./session.js";

export type { Health };

type ScheduledJob = Health["jobs"][number];

const JOB_WORDS: Record<string, string> = {
  "plaid-sync": "Bank sync",
  recurring: "Recurring payments",
  notifications: "Reminders",
  "monthly-reports": "Monthly reports",
};

/** One line per scheduled job: what it is, how its last run went, when it runs next. */
export function jobsList(jobs: ScheduledJob[], now = Date.now()): HTMLElement {
  if (jobs.length === 0) return html`<span class="tandem-muted">not run yet</span>`;
  return html`<ul class="status-jobs" data-testid="scheduled-jobs">${jobs.map((job) => {
    const bad = job.lastOutcome === "failed" || job.overdue;
    const last = job.running
      ? "running now"
      : job.lastFinishedAt
        ? `${job.lastOutcome === "failed" ? `failed (${job.lastError ?? "error"})` : "ran"} ${timeAgo(job.lastFinishedAt, now)}`
        : "not run yet";
    return html`<li data-job=${job.name} class=${bad ? "negative" : ""}>${JOB_WORDS[job.name] ?? job.name}: ${last}${
      job.overdue ? "; overdue" : `; next ${timeAgo(job.nextRunAt, now)}`
    }</li>`;
  })}</ul>`;
}

function rebuildWords(rebuild: Health["dashboardRebuild"]): string {
  if (!rebuild.configured) return "not configured (no deploy hook)";
  if (rebuild.lastError) return `last call failed: ${rebuild.lastError}`;
  const last = rebuild.lastSucceededAt ? `last ${timeAgo(rebuild.lastSucceededAt)}` : "not needed yet";
  return rebuild.pending ? `${last}; another is due` : last;
}

export interface HealthCheck {
  checkedAt: Date;
  health: Health | null;
  /** Why the check failed, when it did. */
  error: string | null;
}

export async function checkHealth(): Promise<HealthCheck> {
  const checkedAt = new Date();
  try {
    const response = await fetch(`${apiUrl()}/health`, { cache: "no-store", credentials: "omit" });
    // A sick API answers 503 with the same body; anything else without a body is just "down".
    const health = (await response.json().catch(() => null)) as Health | null;
    if (!health?.status) return { checkedAt, health: null, error: `HTTP ${response.status}` };
    return { checkedAt, health, error: null };
  } catch {
    return { checkedAt, health: null, error: `Cannot reach ${apiUrl()}` };
  }
}

export function healthPanel({ checkedAt, health, error }: HealthCheck): HTMLElement {
  const up = health !== null && health.status !== "down";
  const degraded = health?.status === "degraded";
  const problems = health
    ? [
        health.database.reachable ? null : "database unreachable",
        health.migrations.current
          ? null
          : `migrations ${health.migrations.applied} of ${health.migrations.expected} applied`,
      ].filter(Boolean)
    : [];
  return html`<dl class="status-grid">
    <dt>API</dt>
    <dd><span data-testid="api-status" class="badge ${up && !degraded ? "badge-ok" : "badge-bad"}">${
      up ? (degraded ? "up (degraded)" : "up") : "down"
    }</span>${problems.length ? html` <span class="tandem-muted">${problems.join(", ")}</span>` : null}${
      error ? html` <span class="tandem-muted">${error}</span>` : null
    }</dd>
    <dt>Database latency</dt>
    <dd data-testid="db-latency">${
      health?.database.latencyMs != null ? `${Math.round(health.database.latencyMs)} ms` : "—"
    }</dd>
    <dt>Database driver</dt>
    <dd data-testid="db-driver">${health?.database.driver ?? "—"}</dd>
    <dt>Scheduled work</dt>
    <dd>${health?.jobs ? jobsList(health.jobs) : "—"}</dd>
    <dt>Dashboard rebuilds</dt>
    <dd data-testid="dashboard-rebuild" class=${health?.dashboardRebuild?.lastError ? "negative" : ""}>${
      health?.dashboardRebuild ? rebuildWords(health.dashboardRebuild) : "—"
    }</dd>
    <dt>Version</dt>
    <dd data-testid="api-version">${health?.version ?? "—"}</dd>
    <dt>Checked at</dt>
    <dd data-testid="checked-at"><time datetime=${checkedAt.toISOString()}>${localTime(checkedAt)}</time></dd>
  </dl>`;
}

export interface BankItem {
  id: string;
  institutionName: string | null;
  status: string;
  needsRelogin: boolean;
  errorCode: string | null;
  errorMessage: string | null;
  lastSyncAt: string | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  removedAt?: string | null;
}

export type BankItems =
  | { state: "ok"; items: BankItem[]; checkedAt: Date }
  | { state: "unconfigured"; checkedAt: Date }
  | { state: "error"; message: string; checkedAt: Date };

export async function checkBankItems(): Promise<BankItems> {
  const checkedAt = new Date();
  try {
    const response = await authFetch("/plaid/items");
    if (response.status === 503) return { state: "unconfigured", checkedAt };
    if (!response.ok) throw await problemOf(response);
    const { items } = (await response.json()) as { items: BankItem[] };
    return { state: "ok", items: items.filter((item) => !item.removedAt && item.status !== "removed"), checkedAt };
  } catch (error) {
    const message =
      error instanceof ApiError || error instanceof NetworkError ? error.message : "Could not load bank connections";
    return { state: "error", message, checkedAt };
  }
}

const STATUS_WORDS: Record<string, string> = {
  healthy: "Syncing normally",
  login_required: "Needs re-login",
  pending_expiration: "Login expires soon",
  pending_disconnect: "About to disconnect",
  permission_revoked: "Permission revoked",
  error: "Sync error",
  removed: "Removed",
};

function when(instant: string | null): string {
  return instant ? `${timeAgo(instant)} (${localDateTime(instant)})` : "never";
}

export function bankItemsPanel(result: BankItems): HTMLElement {
  if (result.state === "unconfigured") {
    return html`<div data-testid="bank-items" data-state="unconfigured"><p>No bank connection configured.</p>
      <p class="card-note">The API runs without Plaid credentials, so no bank can be linked. Imported files still count.</p></div>`;
  }
  if (result.state === "error") {
    return html`<div data-testid="bank-items" data-state="error"><p class="negative">${result.message}</p></div>`;
  }
  if (result.items.length === 0) {
    return html`<div data-testid="bank-items" data-state="empty"><p>No bank linked yet.</p></div>`;
  }
  return html`<ul class="bank-items" data-testid="bank-items" data-state="ok">${result.items.map((item) => {
    const bad = item.needsRelogin || item.status !== "healthy";
    return html`<li data-item-id=${item.id} data-status=${item.status}>
      <strong>${item.institutionName ?? "Unnamed bank"}</strong>
      <span class="badge ${bad ? "badge-bad" : "badge-ok"}">${
        item.needsRelogin ? "Needs re-login" : (STATUS_WORDS[item.status] ?? item.status)
      }</span>
      <div class="card-note">Last successful sync: ${when(item.lastSuccessAt)}${
        item.lastSyncAt && item.lastSyncAt !== item.lastSuccessAt
          ? html`; last attempt: ${when(item.lastSyncAt)}`
          : null
      }</div>
      ${
        item.errorCode || item.errorMessage
          ? html`<div class="card-note negative">Last error${item.lastErrorAt ? ` ${timeAgo(item.lastErrorAt)}` : ""}: ${
              item.errorMessage ?? item.errorCode
            }${item.errorMessage && item.errorCode ? ` (${item.errorCode})` : ""}</div>`
          : null
      }
    </li>`;
  })}</ul>`;
}

/**
 * Calls `check` now and every `intervalMs`, handing each result to `notify`; returns the
 * function that stops it (for Generators.observe, which calls it when the cell is invalidated).
 */
export function poll<T>(check: () => Promise<T>, notify: (value: T) => void, intervalMs = 30_000): () => void {
  let stopped = false;
  const run = () =>
    check().then((value) => {
      if (!stopped) notify(value);
    });
  void run();
  const timer = setInterval(run, intervalMs);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
