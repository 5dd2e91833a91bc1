import { describe, it } from "vitest";
import type { InteractiveSite } from "../support/site";

export function rulesSteps(site: () => InteractiveSite): void {
  describe("rules page", () => {
    it.todo("is written by the rules work");
  });
  void site;
}
