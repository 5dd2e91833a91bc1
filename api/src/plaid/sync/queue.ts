import type { SyncOutcome, SyncTrigger } from "./run";

type Run = (itemId: string, trigger: SyncTrigger) => Promise<SyncOutcome>;

interface ItemSlot {
  running: Promise<SyncOutcome>;
  followUp: Promise<SyncOutcome> | null;
}

/**
 * In-process coalescing: while an item syncs, any number of further requests for it
 * share one follow-up run (a burst of 50 identical webhooks costs at most two syncs),
 * and the follow-up still sees data that arrived during the first.
 */
export function createSyncQueue(run: Run) {
  const slots = new Map<string, ItemSlot>();

  function launch(itemId: string, trigger: SyncTrigger): Promise<SyncOutcome> {
    const running = run(itemId, trigger).finally(() => {
      const slot = slots.get(itemId);
      if (slot && slot.running === running && !slot.followUp) slots.delete(itemId);
    });
    return running;
  }

  return {
    request(itemId: string, trigger: SyncTrigger): Promise<SyncOutcome> {
      const slot = slots.get(itemId);
      if (!slot) {
        const running = launch(itemId, trigger);
        slots.set(itemId, { running, followUp: null });
        return running;
      }
      if (slot.followUp) return slot.followUp;
      const followUp = slot.running
        .catch(() => undefined)
        .then(() => {
          slot.followUp = null;
          slot.running = launch(itemId, trigger);
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
