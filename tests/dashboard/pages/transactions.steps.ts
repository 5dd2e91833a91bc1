import { describe, it } from "vitest";
import type { InteractiveSite } from "../support/site";

export function transactionsSteps(site: () => InteractiveSite): void {
  describe("transactions page", () => {
    it.todo("is written by the transactions work");
  });
  void site;
}
