/**
 * Fault injection: "the next N calls to this endpoint (for this Item) fail like so".
 * Faults are consumed in the order they were added; delays stack with any error fault.
 */

export const FAULT_KINDS = [
  "RATE_LIMIT_EXCEEDED",
  "INTERNAL_SERVER_ERROR",
  "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION",
  "ITEM_LOGIN_REQUIRED",
  "DELAY",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  /** A Plaid path such as "/transactions/sync", or "*" for any endpoint. */
  endpoint: string;
  kind: FaultKind;
  /** Only calls for this Item (resolved from the access_token) match. */
  item_id?: string;
  /** How many calls fail; default 1. */
  count?: number;
  /** For DELAY: how long to stall before answering normally. */
  delay_ms?: number;
  /** Override the error_code (e.g. a generic "RATE_LIMIT" instead of the endpoint's own). */
  error_code?: string;
}

export interface Fault extends Required<Pick<FaultSpec, "endpoint" | "kind">> {
  id: number;
  item_id: string | null;
  remaining: number;
  delay_ms: number;
  error_code: string | null;
}

export interface FaultCall {
  endpoint: string;
  itemId: string | null;
  /** TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION only applies to a later page of an update. */
  continuation: boolean;
}

export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    const fault: Fault = {
      id: this.nextId++,
      endpoint: spec.endpoint,
      kind: spec.kind,
      item_id: spec.item_id ?? null,
      remaining: spec.count ?? 1,
      delay_ms: spec.delay_ms ?? 0,
      error_code: spec.error_code ?? null,
    };
    this.faults.push(fault);
    return { ...fault };
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  /** Total delay to apply to this call, consuming the matching DELAY faults. */
  takeDelay(call: FaultCall): number {
    let total = 0;
    for (const fault of this.faults) {
      if (fault.kind === "DELAY" && this.matches(fault, call)) {
        total += fault.delay_ms;
        fault.remaining--;
      }
    }
    this.prune();
    return total;
  }

  /** The first error fault that applies to this call, consumed. */
  takeError(call: FaultCall): Fault | undefined {
    const fault = this.faults.find((f) => f.kind !== "DELAY" && this.matches(f, call));
    if (!fault) return undefined;
    fault.remaining--;
    this.prune();
    return { ...fault };
  }

  private matches(fault: Fault, call: FaultCall): boolean {
    if (fault.remaining <= 0) return false;
    if (fault.endpoint !== "*" && fault.endpoint !== call.endpoint) return false;
    if (fault.item_id !== null && fault.item_id !== call.itemId) return false;
    if (fault.kind === "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION") {
      return call.endpoint === "/transactions/sync" && call.continuation;
    }
    return true;
  }

  private prune(): void {
    this.faults = this.faults.filter((f) => f.remaining > 0);
  }
}
