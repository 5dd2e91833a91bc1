/**
 * A seeded fault plan for the sync-under-faults test: what happens to the bank, to Plaid's
 * answers, to the webhooks and to the API process, round by round. Pure: the same seed
 * gives the same plan, so a failure is replayed with RESILIENCE_SEED.
 */
import { mulberry32 } from "@tandem/infra/demo/random";

export type SyncFaultKind =
  | "RATE_LIMIT_EXCEEDED"
  | "INTERNAL_SERVER_ERROR"
  | "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION"
  | "DELAY";

export type Step =
  /** The bank lives through some days: new, corrected and removed transactions, pending ones post. */
  | { kind: "advance"; days: number }
  /** More new transactions than one /transactions/sync page holds, so the next update spans pages. */
  | { kind: "bulk"; count: number; pick: number }
  | { kind: "fault"; fault: SyncFaultKind; count: number; delayMs: number }
  /** `burst` signed SYNC_UPDATES_AVAILABLE at once; `replay` re-sends an older delivery after them. */
  | { kind: "webhooks"; burst: number; replay: boolean }
  | { kind: "manualSync"; await: boolean }
  | { kind: "edit"; category: boolean; notes: boolean; preferPending: boolean; pick: number }
  /**
   * SIGKILL: `midSync` arms slow pages, starts a sync and kills `afterMs` into it; otherwise
   * it kills `afterMs` after the previous step, whatever is running. `downDays`: the bank
   * moves on while the API is down (its webhook is lost).
   */
  | { kind: "kill"; midSync: boolean; afterMs: number; downDays: number };

export interface Plan {
  seed: number;
  rounds: Step[][];
}

const FAULTS: SyncFaultKind[] = [
  "RATE_LIMIT_EXCEEDED",
  "INTERNAL_SERVER_ERROR",
  "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION",
  "DELAY",
];

export function makePlan(seed: number, roundCount: number): Plan {
  const random = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number) => random() < p;

  const fault = (kind: SyncFaultKind): Step => ({
    kind: "fault",
    fault: kind,
    // Up to 5 failures exhausts the API's retry budget now and then: that sync fails whole.
    count: kind === "DELAY" ? int(1, 4) : int(1, 5),
    delayMs: kind === "DELAY" ? int(150, 700) : 0,
  });
  const edit = (preferPending: boolean): Step => {
    const which = int(0, 2);
    return { kind: "edit", category: which !== 1, notes: which !== 0, preferPending, pick: random() };
  };
  const kill = (midSync: boolean): Step => ({
    kind: "kill",
    midSync,
    afterMs: midSync ? int(0, 900) : int(0, 300),
    downDays: chance(0.5) ? int(1, 2) : 0,
  });
  const webhooks = (): Step => ({ kind: "webhooks", burst: int(2, 5), replay: chance(0.6) });
  const bulk = (): Step => ({ kind: "bulk", count: int(510, 620), pick: random() });

  // Every ingredient at least once, so any seed exercises the whole list.
  const steps: Step[] = [
    kill(true),
    kill(true),
    kill(false),
    ...FAULTS.map(fault),
    fault("TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION"),
    bulk(),
    bulk(),
    { kind: "webhooks", burst: 3, replay: true },
    edit(true),
    edit(true),
    edit(false),
    edit(false),
    { kind: "manualSync", await: false },
    { kind: "manualSync", await: true },
  ];
  const extras = roundCount * 2;
  for (let i = 0; i < extras; i++) {
    const roll = random();
    if (roll < 0.3) steps.push(fault(FAULTS[int(0, FAULTS.length - 1)]!));
    else if (roll < 0.5) steps.push(webhooks());
    else if (roll < 0.7) steps.push(edit(chance(0.5)));
    else if (roll < 0.85) steps.push({ kind: "manualSync", await: chance(0.3) });
    else if (roll < 0.95) steps.push({ kind: "advance", days: int(1, 3) });
    else steps.push(kill(chance(0.5)));
  }
  shuffle(steps, random);

  const rounds: Step[][] = Array.from({ length: roundCount }, () => [{ kind: "advance", days: int(1, 3) }]);
  for (const [i, step] of steps.entries()) rounds[i % roundCount]!.push(step);
  return { seed, rounds };
}

function shuffle<T>(items: T[], random: () => number) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

export function describeStep(step: Step): string {
  switch (step.kind) {
    case "advance":
      return `advance ${step.days}d`;
    case "bulk":
      return `bulk +${step.count}`;
    case "fault":
      return `fault ${step.fault}×${step.count}${step.fault === "DELAY" ? ` ${step.delayMs}ms` : ""}`;
    case "webhooks":
      return `webhooks ×${step.burst}${step.replay ? " +replay" : ""}`;
    case "manualSync":
      return `manual sync${step.await ? " (awaited)" : ""}`;
    case "edit":
      return `edit ${[step.category && "category", step.notes && "notes"].filter(Boolean).join("+")}${step.preferPending ? " (pending)" : ""}`;
    case "kill":
      return `SIGKILL ${step.midSync ? "mid-sync" : "anytime"} +${step.afterMs}ms${step.downDays ? `, down ${step.downDays}d` : ""}`;
  }
}
