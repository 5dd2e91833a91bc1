import { describe, it } from "vitest";
import type { InteractiveSite } from "../support/site";

export function budgetsSteps(site: () => InteractiveSite): void {
  describe("budgets page", () => {
    it.todo("is written by the budgets work");
  });
  void site;
}
