import { describe, it } from "vitest";
import type { InteractiveSite } from "../support/site";

export function settleUpSteps(site: () => InteractiveSite): void {
  describe("settle-up page", () => {
    it.todo("is written by the settle-up work");
  });
  void site;
}
