import type { SyncOutcome, SyncTrigger } from "./run";

type Run = (itemId: string, trigger: SyncTrigger) => Promise<SyncOutcome>;

interface ItemSlot {
  running: Promise<SyncOutcome>;
  /** When `running` was launched, on the queue's clock. */
  startedAt: number;
  followUp: Promise<SyncOutcome> | null;
}

/**
 * In-process coalescing: while an item syncs, any number of further requests for it
 * share one follow-up run (a burst of 50 identical webhooks costs at most two syncs),
 * and the follow-up still sees data that arrived during the first.
 *
 * A request may say when its news arrived (`since`, on the queue's clock): a run that
 * started after that reads Plaid after the change, so it answers the request. This is
 * what keeps a burst to one or two syncs even when its requests reach the queue late
 * (each webhook is verified and looked up first), after the first run already finished.
 */
export function createSyncQueue(run: Run, clock: () => number = () => performance.now()) {
  const slots = new Map<string, ItemSlot>();
  // The latest successful run per item, for requests whose news it already covered.
  const succeeded = new Map<string, { startedAt: number; outcome: SyncOutcome }>();

  function launch(itemId: string, trigger: SyncTrigger): { running: Promise<SyncOutcome>; startedAt: number } {
    const startedAt = clock();
    const running = run(itemId, trigger)
      .then((outcome) => {
        if (outcome.status === "success" && (succeeded.get(itemId)?.startedAt ?? -Infinity) < startedAt) {
          succeeded.set(itemId, { startedAt, outcome });
        }
        return outcome;
      })
      .finally(() => {
        const slot = slots.get(itemId);
        if (slot && slot.running === running && !slot.followUp) slots.delete(itemId);
      });
    return { running, startedAt };
  }

  return {
    request(itemId: string, trigger: SyncTrigger, since?: number): Promise<SyncOutcome> {
      const slot = slots.get(itemId);
      if (since !== undefined) {
        if (slot && slot.startedAt >= since) return slot.running;
        const last = succeeded.get(itemId);
        if (!slot && last && last.startedAt >= since) return Promise.resolve(last.outcome);
      }
      if (!slot) {
        slots.set(itemId, { ...launch(itemId, trigger), followUp: null });
        return slots.get(itemId)!.running;
      }
      if (slot.followUp) return slot.followUp;
      const followUp = slot.running
        .catch(() => undefined)
        .then(() => {
          slot.followUp = null;
          Object.assign(slot, launch(itemId, trigger));
          return slot.running;
        });
      slot.followUp = followUp;
      return followUp;
    },
    /** Resolves when nothing is running or queued (tests, graceful shutdown). */
    async idle(): Promise<void> {
      while (slots.size > 0) {
        await Promise.allSettled([...slots.values()].flatMap((s) => [s.running, s.followUp ?? s.running]));
      }
    },
  };
}

export type SyncQueue = ReturnType<typeof createSyncQueue>;
