/**
 * The notification badge (unread count) and panel in every page's header.
 * Placeholder: the bell is filled in by the notifications work.
 */
export function mountNotifications(_container: HTMLElement): void {}
