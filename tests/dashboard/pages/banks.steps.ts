import { describe, it } from "vitest";
import type { InteractiveSite } from "../support/site";

export function banksSteps(site: () => InteractiveSite): void {
  describe("banks page", () => {
    it.todo("is written by the banks work");
  });
  void site;
}
