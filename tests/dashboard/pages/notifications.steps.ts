import { describe, it } from "vitest";
import type { InteractiveSite } from "../support/site";

export function notificationsSteps(site: () => InteractiveSite): void {
  describe("notifications page", () => {
    it.todo("is written by the notifications work");
  });
  void site;
}
