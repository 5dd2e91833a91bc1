/**
 * The Banks page: linked banks with their state, "Link a bank" through Plaid Link, re-login
 * (Link in update mode), sync now, remove (after a confirmation) and each bank's sync log.
 */
import { html } from "htl";
import type { Account } from "../shared/contract/accounts.js";
import type { PlaidItem } from "../shared/contract/plaid.js";
import {
  canRelogin,
  durationWords,
  errorWords,
  forgetLinkSession,
  isBackFromBank,
  keepLinkSession,
  type LinkError,
  type LinkOutcome,
  type LinkSession,
  LOST_LINK_SESSION,
  loadPlaidLink,
  runLink,
  runResultWords,
  type SyncRun,
  statusWords,
  takeLinkSession,
  triggerWords,
  withoutOAuthState,
} from "./banks-logic.js";
import { localDateTime, timeAgo } from "./format.js";
import { apiGet, apiSend, describeError } from "./live.js";

const POLL_MS = 1500;
const POLL_LIMIT_MS = 45_000;
const REFRESH_MS = 20_000;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

type Tell = (text: string, kind?: "ok" | "bad" | "") => void;

interface Card {
  element: HTMLElement;
  update(item: PlaidItem): void;
  tell: Tell;
  refreshLog(): Promise<void>;
  focus(button: "relogin" | "sync"): void;
}

/** Which Link session: a new bank, or re-login (update mode) of a linked one. */
type LinkStart = Pick<LinkSession, "mode" | "itemId">;

const linkErrorWords = (error: LinkError) => error.display_message ?? error.error_message;

export function banksPage(): HTMLElement {
  let items: PlaidItem[] = [];
  let accounts = new Map<string, Account>();
  const cards = new Map<string, Card>();

  const message = html`<p class="banks-message" role="status" aria-live="polite"></p>`;
  const say: Tell = (text, kind = "") => {
    message.textContent = text;
    message.className = `banks-message${kind === "ok" ? " tandem-success" : kind === "bad" ? " banks-bad" : ""}`;
  };
  const linkButton = html`<button type="button" class="tandem-primary">Link a bank</button>` as HTMLButtonElement;
  const refreshButton = html`<button type="button">Refresh</button>` as HTMLButtonElement;
  const list = html`<div class="banks-list" aria-live="off"></div>`;
  const empty = html`<p class="tandem-empty" hidden>No bank is linked yet. Link one to have its transactions arrive by themselves.</p>`;
  const loadError = html`<p class="tandem-field-error" role="alert"></p>`;

  async function load(): Promise<void> {
    try {
      const [itemList, accountList] = await Promise.all([
        apiGet<{ items: PlaidItem[] }>("/plaid/items"),
        apiGet<{ items: Account[] }>("/accounts"),
      ]);
      items = itemList.items.filter((i) => i.status !== "removed");
      accounts = new Map(accountList.items.map((a) => [a.id, a]));
      loadError.textContent = "";
    } catch (error) {
      loadError.textContent = `The banks could not be loaded: ${describeError(error)}`;
      return;
    }
    for (const [id, card] of cards) {
      if (!items.some((i) => i.id === id)) {
        card.element.remove();
        cards.delete(id);
      }
    }
    for (const item of items) {
      let card = cards.get(item.id);
      if (!card) {
        card = itemCard(item);
        cards.set(item.id, card);
      }
      card.update(item);
      list.append(card.element);
    }
    empty.hidden = items.length > 0;
  }

  /** Reloads until `done` holds for the bank (its sync finished), or gives up quietly. */
  async function pollUntil(id: string, done: (item: PlaidItem) => boolean): Promise<PlaidItem | undefined> {
    const deadline = Date.now() + POLL_LIMIT_MS;
    while (Date.now() < deadline) {
      await load();
      const item = items.find((i) => i.id === id);
      if (!item || done(item)) return item;
      await sleep(POLL_MS);
    }
    return items.find((i) => i.id === id);
  }

  function accountLines(item: PlaidItem): HTMLElement {
    const linked = item.accountIds.map((id) => accounts.get(id)).filter((a): a is Account => Boolean(a));
    if (linked.length === 0) {
      return html`<p class="tandem-muted">${item.lastSyncAt ? "No accounts yet." : "Its accounts appear after the first sync."}</p>`;
    }
    return html`<ul class="banks-accounts">${linked.map(
      (a) =>
        html`<li><span>${a.name}</span> <a href=${`./transactions?accountId=${encodeURIComponent(a.id)}`} data-account-id=${a.id}>${plural(a.transactionCount, "transaction")}</a></li>`,
    )}</ul>`;
  }

  function itemCard(initial: PlaidItem): Card {
    let item = initial;
    const title = html`<h2 class="banks-name"></h2>`;
    const badge = html`<span class="badge"></span>`;
    const facts = html`<p class="banks-facts tandem-muted"></p>`;
    const problem = html`<p class="banks-problem" role="alert"></p>`;
    const accountSlot = html`<div></div>`;
    const cardMessage = html`<p class="banks-card-message" role="status"></p>`;
    const relogin = html`<button type="button" class="tandem-primary">Re-login</button>` as HTMLButtonElement;
    const syncNow = html`<button type="button">Sync now</button>` as HTMLButtonElement;
    const remove = html`<button type="button">Remove</button>` as HTMLButtonElement;
    const confirmText = html`<span></span>`;
    const confirmYes = html`<button type="button" class="banks-danger">Yes, remove</button>` as HTMLButtonElement;
    const confirmNo = html`<button type="button">Keep it</button>` as HTMLButtonElement;
    const confirm = html`<div class="banks-confirm" role="group" aria-label="Confirm removal" hidden>${confirmText}<div class="tandem-actions">${confirmYes}${confirmNo}</div></div>`;
    const logBody = html`<div class="banks-log"></div>`;
    const log =
      html`<details class="banks-log-details"><summary>Sync log</summary>${logBody}</details>` as HTMLDetailsElement;

    const tell = (text: string, kind: "ok" | "bad" | "" = "") => {
      cardMessage.textContent = text;
      cardMessage.className = `banks-card-message${kind === "ok" ? " tandem-success" : kind === "bad" ? " banks-bad" : ""}`;
    };
    const name = () => item.institutionName ?? "This bank";

    async function loadLog() {
      try {
        const { items: runs } = await apiGet<{ items: SyncRun[] }>(`/plaid/items/${item.id}/sync-runs`);
        logBody.replaceChildren(runs.length ? logTable(runs) : html`<p class="tandem-muted">No sync has run yet.</p>`);
      } catch (error) {
        logBody.replaceChildren(
          html`<p class="tandem-field-error">The sync log could not be loaded: ${describeError(error)}</p>`,
        );
      }
    }
    log.addEventListener("toggle", () => {
      if (log.open) void loadLog();
    });
    const refreshLog = () => (log.open ? loadLog() : Promise.resolve());

    async function busy<T>(button: HTMLButtonElement, label: string, action: () => Promise<T>): Promise<T | undefined> {
      const text = button.textContent;
      button.disabled = true;
      button.textContent = label;
      try {
        return await action();
      } catch (error) {
        tell(describeError(error), "bad");
        return undefined;
      } finally {
        button.disabled = false;
        button.textContent = text;
      }
    }

    relogin.addEventListener("click", () =>
      busy(relogin, "Opening…", async () => {
        tell("");
        const start: LinkStart = { mode: "update", itemId: item.id };
        await finishLink(start, await openLink(start));
      }),
    );

    syncNow.addEventListener("click", () =>
      busy(syncNow, "Syncing…", async () => {
        tell("");
        const result = await apiSend<{
          status: string;
          errorCode?: string;
          added: number;
          modified: number;
          removed: number;
          durationMs: number;
        }>("POST", `/plaid/items/${item.id}/sync`);
        await load();
        await refreshLog();
        tell(
          result.status === "success"
            ? `Synced: ${runResultWords({ ...result, errorCode: null })}.`
            : runResultWords({ ...result, errorCode: result.errorCode ?? null }),
          result.status === "error" ? "bad" : "ok",
        );
      }),
    );

    remove.addEventListener("click", () => {
      confirmText.textContent = `Remove ${name()}? Tandem stops fetching from it; its accounts and transactions stay as history.`;
      confirm.hidden = false;
      remove.hidden = true;
      confirmNo.focus();
    });
    const closeConfirm = () => {
      confirm.hidden = true;
      remove.hidden = false;
      remove.focus();
    };
    confirmNo.addEventListener("click", closeConfirm);
    confirm.addEventListener("keydown", (event) => {
      if ((event as KeyboardEvent).key === "Escape") closeConfirm();
    });
    confirmYes.addEventListener("click", () =>
      busy(confirmYes, "Removing…", async () => {
        await apiSend("DELETE", `/plaid/items/${item.id}`);
        await load();
        say(`${name()} was removed. Its accounts and transactions stay as history.`, "ok");
        linkButton.focus();
      }),
    );

    const element = html`<article class="card banks-item">
      <header class="banks-head">${title}${badge}</header>
      ${facts}${problem}${accountSlot}
      <div class="tandem-actions">${relogin}${syncNow}${remove}</div>
      ${confirm}
      ${cardMessage}
      ${log}
    </article>`;

    return {
      element,
      tell,
      refreshLog,
      focus: (button) => (button === "relogin" ? relogin : syncNow).focus(),
      update(next) {
        item = next;
        title.textContent = name();
        const status = statusWords(item);
        badge.textContent = status.label;
        badge.className = `badge ${status.ok ? "badge-ok" : "badge-bad"}`;
        const last = item.lastSyncAt
          ? `Last synced ${timeAgo(item.lastSyncAt)} (${localDateTime(item.lastSyncAt)})`
          : "First sync running…";
        const success =
          item.lastSuccessAt && item.lastSuccessAt !== item.lastSyncAt
            ? ` · last successful ${timeAgo(item.lastSuccessAt)}`
            : "";
        facts.textContent = `${last}${success} · linked ${localDateTime(item.createdAt)}`;
        problem.textContent = errorWords(item) ?? "";
        problem.hidden = !problem.textContent;
        accountSlot.replaceChildren(accountLines(item));
        relogin.hidden = !canRelogin(item);
      },
    };
  }

  function logTable(runs: SyncRun[]): HTMLElement {
    return html`<div class="tandem-scroll"><table class="tandem-table banks-runs">
      <thead><tr><th scope="col">When</th><th scope="col">Why</th><th scope="col">Result</th><th scope="col" class="money">Took</th></tr></thead>
      <tbody>${runs.map(
        (run) => html`<tr>
          <td>${localDateTime(run.startedAt)}</td>
          <td>${triggerWords(run.trigger)}</td>
          <td class=${run.status === "error" ? "negative" : ""}>${runResultWords(run)}</td>
          <td class="money">${durationWords(run.durationMs)}</td>
        </tr>`,
      )}</tbody>
    </table></div>`;
  }

  /** Starts Link; the session is kept meanwhile, for an OAuth bank that takes the whole window away. */
  async function openLink(start: LinkStart): Promise<LinkOutcome> {
    const { linkToken, expiration } = await apiSend<{ linkToken: string; expiration: string }>(
      "POST",
      "/plaid/link-token",
      start.itemId ? { itemId: start.itemId } : {},
    );
    const plaid = await loadPlaidLink();
    keepLinkSession(sessionStorage, { ...start, linkToken, expiresAt: expiration });
    const outcome = await runLink(plaid, linkToken);
    forgetLinkSession(sessionStorage);
    return outcome;
  }

  /** How every Link session ends, opened here or resumed after an OAuth bank sent the member back. */
  function finishLink(start: LinkStart, outcome: LinkOutcome): Promise<void> {
    return start.mode === "update" && start.itemId ? finishRelogin(start.itemId, outcome) : finishNewBank(outcome);
  }

  async function finishNewBank(outcome: LinkOutcome): Promise<void> {
    if ("exited" in outcome) {
      say(
        outcome.exited
          ? `Linking did not finish: ${linkErrorWords(outcome.exited)}`
          : "Linking cancelled; nothing changed.",
      );
      return;
    }
    linkButton.textContent = "Linking…";
    const institution = outcome.metadata.institution;
    const created = await apiSend<PlaidItem>("POST", "/plaid/exchange", {
      publicToken: outcome.publicToken,
      ...(institution ? { institution: { id: institution.institution_id, name: institution.name } } : {}),
    });
    const name = created.institutionName ?? institution?.name ?? "The bank";
    say(`${name} is linked. Its first sync is running…`, "ok");
    await load();
    const synced = await pollUntil(created.id, (i) => i.lastSyncAt !== null);
    say(
      synced?.lastSyncAt
        ? `${name} is linked and its transactions have arrived.`
        : `${name} is linked; its first sync is still running.`,
      "ok",
    );
  }

  async function finishRelogin(itemId: string, outcome: LinkOutcome): Promise<void> {
    const card = cards.get(itemId);
    const tell = card?.tell ?? say;
    const name = items.find((i) => i.id === itemId)?.institutionName ?? "The bank";
    if ("exited" in outcome) {
      tell(
        outcome.exited
          ? `Re-login did not finish: ${linkErrorWords(outcome.exited)}`
          : "Re-login cancelled; nothing changed.",
      );
      card?.focus("relogin");
      return;
    }
    const repaired = await apiSend<PlaidItem>("POST", `/plaid/items/${itemId}/repaired`);
    const before = repaired.lastSyncAt;
    tell(
      repaired.needsRelogin ? "The bank still wants a new login; try again." : `${name} is connected again; syncing…`,
      repaired.needsRelogin ? "bad" : "ok",
    );
    await pollUntil(itemId, (i) => i.lastSyncAt !== before);
    await card?.refreshLog();
    if (!repaired.needsRelogin) tell(`${name} is connected again.`, "ok");
    card?.focus("sync");
  }

  /** Runs `action` with the Link button busy; its failure is said in words. */
  async function withLinkButton(label: string, action: () => Promise<void>): Promise<void> {
    linkButton.disabled = true;
    linkButton.textContent = label;
    say("");
    try {
      await action();
    } catch (error) {
      say(describeError(error), "bad");
    } finally {
      linkButton.disabled = false;
      linkButton.textContent = "Link a bank";
    }
  }

  linkButton.addEventListener("click", () =>
    withLinkButton("Opening…", async () => {
      const start: LinkStart = { mode: "create", itemId: null };
      await finishLink(start, await openLink(start));
    }),
  );

  /**
   * Back from an OAuth bank (?oauth_state_id=… on this page): Link is re-created with the
   * stored token and this address, as Plaid asks. The state id and the stored session are
   * dropped first, so a reload cannot replay a state the bank gave once.
   */
  async function resumeAfterBank(): Promise<void> {
    if (!isBackFromBank(location.search)) return;
    const received = location.href;
    const session = takeLinkSession(sessionStorage);
    history.replaceState(history.state, "", withoutOAuthState(received));
    if (!session) {
      say(LOST_LINK_SESSION, "bad");
      return;
    }
    await withLinkButton("Finishing…", async () => {
      const plaid = await loadPlaidLink();
      await finishLink(session, await runLink(plaid, session.linkToken, received));
    });
  }

  refreshButton.addEventListener("click", async () => {
    refreshButton.disabled = true;
    await load();
    for (const card of cards.values()) {
      const details = card.element.querySelector<HTMLDetailsElement>("details");
      if (details?.open) details.dispatchEvent(new Event("toggle"));
    }
    refreshButton.disabled = false;
  });

  const timer = setInterval(() => {
    if (document.visibilityState === "visible" && !linkButton.disabled) void load();
  }, REFRESH_MS);

  const root = html`<div class="banks-page">
    <div class="tandem-actions banks-toolbar">${linkButton}${refreshButton}</div>
    ${message}${loadError}${empty}${list}
  </div>`;
  // Resuming after the first load: in update mode the finish speaks on the bank's card.
  void load().then(resumeAfterBank);
  // Framework disposes a cell's node on invalidation; stop refreshing with it.
  (root as HTMLElement & { stop?: () => void }).stop = () => clearInterval(timer);
  return root;
}
