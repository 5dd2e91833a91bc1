import { describe, it } from "vitest";
import type { InteractiveSite } from "../support/site";

export function importSteps(site: () => InteractiveSite): void {
  describe("import page", () => {
    it.todo("is written by the import work");
  });
  void site;
}
