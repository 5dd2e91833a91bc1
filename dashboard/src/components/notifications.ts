/**
 * The notification badge (unread count) and panel in every page's header. The bell shows
 * the member's unread count (refreshed every minute and when the tab comes back); it opens
 * a panel of the newest notifications, which closes on Escape, an outside click or its
 * close button.
 */
import type {
  MarkNotificationsReadResultSchema,
  Notification,
  NotificationPage,
  NotificationPreferences,
  UpdateNotificationPreferencesBody,
} from "../shared/contract/notifications.js";
import type { z } from "../shared/zod.js";
import { localDateTime, timeAgo } from "./format.js";
import { apiGet, apiSend, describeError } from "./live.js";
import { badgeText, bellLabel, MODE_LABELS, notificationLink, TOPIC_LABELS } from "./notifications-logic.js";

type MarkResult = z.infer<typeof MarkNotificationsReadResultSchema>;

const REFRESH_MS = 60_000;
const PAGE_SIZE = 20;
let panels = 0;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const BELL_SVG = `<svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9"/><path d="M10.3 21a1.94 1.94 0 0 0 3.4 0"/></svg>`;

export function mountNotifications(container: HTMLElement): void {
  const id = `tandem-notifications-panel-${++panels}`;
  const badge = el("span", { class: "tandem-bell-badge", "aria-hidden": "true", "data-testid": "notifications-badge" });
  badge.hidden = true;
  const bell = el("button", {
    type: "button",
    class: "tandem-bell",
    "aria-haspopup": "dialog",
    "aria-expanded": "false",
    "aria-controls": id,
    "aria-label": bellLabel(0),
  });
  bell.innerHTML = BELL_SVG;
  bell.append(badge);

  const heading = el("h2", { id: `${id}-title`, tabindex: "-1" }, "Notifications");
  const markAll = el("button", { type: "button", class: "tandem-link-button" }, "Mark all read");
  const close = el("button", { type: "button", class: "tandem-panel-close", "aria-label": "Close notifications" }, "×");
  const status = el("p", { class: "tandem-notifications-status", role: "status" });
  const list = el("ul", { class: "tandem-notification-list" });
  const more = el("button", { type: "button", class: "tandem-link-button" }, "Show older");
  more.hidden = true;
  const settings = el("details", { class: "tandem-notification-settings" }, el("summary", {}, "What to notify about"));
  const panel = el(
    "div",
    { id, role: "dialog", "aria-labelledby": heading.id, class: "tandem-notifications-panel" },
    el("div", { class: "tandem-notifications-head" }, heading, markAll, close),
    status,
    list,
    more,
    settings,
  );
  panel.hidden = true;
  container.append(bell, panel);

  let unread = 0;
  let nextCursor: string | null = null;
  let open = false;

  function setUnread(count: number): void {
    unread = Math.max(0, count);
    badge.textContent = badgeText(unread);
    badge.hidden = unread === 0;
    bell.setAttribute("aria-label", bellLabel(unread));
    markAll.disabled = unread === 0;
  }

  async function refreshCount(): Promise<void> {
    try {
      setUnread((await apiGet<{ unread: number }>("/notifications/unread-count")).unread);
    } catch {
      // The badge keeps its last count; the next refresh tries again.
    }
  }

  function item(n: Notification): HTMLLIElement {
    const href = notificationLink(n);
    const when = el("time", { datetime: n.createdAt, title: localDateTime(n.createdAt) }, timeAgo(n.createdAt));
    const body = el(
      "span",
      { class: "tandem-notification-text" },
      el("strong", { class: "tandem-notification-title" }, n.title),
      el("span", { class: "tandem-notification-body" }, n.body),
      el("span", { class: "tandem-notification-when" }, n.read ? "" : "Unread · ", when),
    );
    const target = href
      ? el("a", { href, class: "tandem-notification-target" }, body)
      : el("button", { type: "button", class: "tandem-notification-target" }, body);
    const li = el(
      "li",
      { class: n.read ? "tandem-notification" : "tandem-notification tandem-unread", "data-id": n.id },
      target,
    );
    if (!href && n.read) target.setAttribute("aria-disabled", "true");
    target.addEventListener("click", async (event) => {
      if (n.read) return;
      // A click that opens another tab (Ctrl, ⌘, Shift) keeps this page; only a plain one waits to navigate.
      const { ctrlKey, metaKey, shiftKey } = event as MouseEvent;
      const elsewhere = ctrlKey || metaKey || shiftKey;
      if (href && !elsewhere) event.preventDefault();
      try {
        await apiSend<Notification>("POST", `/notifications/${n.id}/read`);
        n.read = true;
        li.classList.remove("tandem-unread");
        li.querySelector(".tandem-notification-when")?.replaceChildren(when);
        setUnread(unread - 1);
        void refreshCount();
      } catch (error) {
        status.textContent = describeError(error);
        if (!href) return;
      }
      if (href && !elsewhere) location.href = href;
    });
    return li;
  }

  async function load(append: boolean): Promise<void> {
    status.textContent = append ? "" : "Loading…";
    try {
      const page = await apiGet<NotificationPage>("/notifications", {
        limit: PAGE_SIZE,
        cursor: append ? nextCursor : undefined,
      });
      if (!append) list.replaceChildren();
      list.append(...page.items.map(item));
      nextCursor = page.nextCursor;
      more.hidden = !nextCursor;
      status.textContent =
        list.childElementCount === 0 ? "Nothing yet. You will see budget, bank and payment news here." : "";
    } catch (error) {
      status.textContent = describeError(error);
    }
  }

  async function loadSettings(): Promise<void> {
    try {
      const prefs = await apiGet<NotificationPreferences>("/notifications/preferences");
      const rows = (Object.keys(TOPIC_LABELS) as (keyof typeof TOPIC_LABELS)[]).map((topic) => {
        const select = el("select", { name: topic });
        for (const [mode, label] of Object.entries(MODE_LABELS)) {
          const option = el("option", { value: mode }, label);
          option.selected = prefs.topics[topic].mode === mode;
          select.append(option);
        }
        const message = el("span", { class: "tandem-muted", role: "status" });
        select.addEventListener("change", async () => {
          message.textContent = "Saving…";
          const body = { [topic]: { mode: select.value } } as UpdateNotificationPreferencesBody;
          try {
            await apiSend("PUT", "/notifications/preferences", body);
            message.textContent = "Saved";
            void refreshCount();
          } catch (error) {
            message.textContent = describeError(error);
          }
        });
        return el("label", {}, el("span", {}, TOPIC_LABELS[topic]), select, message);
      });
      settings.replaceChildren(settings.querySelector("summary")!, el("div", { class: "tandem-form" }, ...rows));
    } catch (error) {
      settings.append(el("p", { class: "tandem-muted" }, describeError(error)));
    }
  }

  function show(): void {
    open = true;
    panel.hidden = false;
    bell.setAttribute("aria-expanded", "true");
    heading.focus();
    void load(false);
    void refreshCount();
  }

  function hide(returnFocus: boolean): void {
    if (!open) return;
    open = false;
    panel.hidden = true;
    bell.setAttribute("aria-expanded", "false");
    if (returnFocus) bell.focus();
  }

  bell.addEventListener("click", () => (open ? hide(false) : show()));
  close.addEventListener("click", () => hide(true));
  more.addEventListener("click", () => void load(true));
  settings.addEventListener("toggle", () => {
    if (settings.open && !settings.querySelector("select")) void loadSettings();
  });
  markAll.addEventListener("click", async () => {
    markAll.disabled = true;
    try {
      const result = await apiSend<MarkResult>("POST", "/notifications/read", { all: true });
      setUnread(result.unread);
      await load(false);
    } catch (error) {
      status.textContent = describeError(error);
      markAll.disabled = false;
    }
  });
  document.addEventListener("keydown", (event) => {
    if (open && event.key === "Escape") {
      event.preventDefault();
      hide(true);
    }
  });
  document.addEventListener("pointerdown", (event) => {
    if (open && event.target instanceof Node && !container.contains(event.target)) hide(false);
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void refreshCount();
  });
  setInterval(() => {
    if (document.visibilityState === "visible") void refreshCount();
  }, REFRESH_MS);
  void refreshCount();
}
