import type { TxnRecord } from "./types";

export type ChangeKind = "added" | "modified" | "removed";

export interface ChangeEvent {
  readonly kind: ChangeKind;
  /** The record as of this event (for "removed", the record as it was last seen). */
  readonly record: TxnRecord;
}

export interface NetChange {
  kind: ChangeKind;
  record: TxnRecord;
  position: number;
}

interface AccountTotals {
  postedCents: number;
  pendingCents: number;
}

const NET_CACHE_SIZE = 8;

/**
 * One Item's transactions: the live set plus an append-only change log. A cursor is a
 * position in the log, so "what changed since this cursor" is always answerable, and
 * replaying the log from 0 rebuilds exactly the live set.
 */
export class Ledger {
  readonly log: ChangeEvent[] = [];
  readonly live = new Map<string, TxnRecord>();
  /** Ids of live pending records, so posting them does not scan the whole Item. */
  readonly pending = new Set<string>();
  private readonly totals = new Map<string, AccountTotals>();
  private readonly netCache = new Map<string, NetChange[]>();

  get length(): number {
    return this.log.length;
  }

  add(record: TxnRecord): void {
    if (this.live.has(record.id)) throw new Error(`duplicate transaction id ${record.id}`);
    this.live.set(record.id, record);
    if (record.pending) this.pending.add(record.id);
    this.count(record, 1);
    this.log.push({ kind: "added", record });
  }

  modify(record: TxnRecord): void {
    const previous = this.live.get(record.id);
    if (!previous) throw new Error(`cannot modify unknown transaction ${record.id}`);
    this.count(previous, -1);
    this.live.set(record.id, record);
    if (record.pending) this.pending.add(record.id);
    else this.pending.delete(record.id);
    this.count(record, 1);
    this.log.push({ kind: "modified", record });
  }

  remove(id: string): TxnRecord {
    const previous = this.live.get(id);
    if (!previous) throw new Error(`cannot remove unknown transaction ${id}`);
    this.count(previous, -1);
    this.live.delete(id);
    this.pending.delete(id);
    this.log.push({ kind: "removed", record: previous });
    return previous;
  }

  totalsFor(accountId: string): AccountTotals {
    return this.totals.get(accountId) ?? { postedCents: 0, pendingCents: 0 };
  }

  /**
   * Net effect of log[start, head) as a client holding the cursor `start` must apply it:
   * added-then-removed vanishes (the client never saw it), added-then-modified is still an
   * add (of the latest version), modified-then-removed is a removal. Ordered by the last
   * event touching each transaction, as Plaid orders by "last modified time".
   *
   * O(head - start) once, then cached, so paging through it costs O(count) per page.
   */
  netChanges(start: number, head: number, accountId: string | null): NetChange[] {
    const key = `${start}:${head}:${accountId ?? ""}`;
    const cached = this.netCache.get(key);
    if (cached) return cached;

    const byId = new Map<string, NetChange>();
    for (let position = start; position < head; position++) {
      const event = this.log[position]!;
      if (accountId !== null && event.record.accountId !== accountId) continue;
      const id = event.record.id;
      const previous = byId.get(id);
      if (!previous) {
        byId.set(id, { kind: event.kind, record: event.record, position });
        continue;
      }
      if (previous.kind === "added" && event.kind === "removed") {
        byId.delete(id);
        continue;
      }
      if (previous.kind === "modified" && event.kind === "removed") previous.kind = "removed";
      previous.record = event.record;
      previous.position = position;
    }
    const changes = [...byId.values()].sort((a, b) => a.position - b.position);

    if (this.netCache.size >= NET_CACHE_SIZE) {
      const oldest = this.netCache.keys().next().value;
      if (oldest !== undefined) this.netCache.delete(oldest);
    }
    this.netCache.set(key, changes);
    return changes;
  }

  /**
   * Live records last touched before log position `before`, newest first, without scanning
   * the whole log.
   */
  recentLive(
    limit: number,
    accept: (record: TxnRecord) => boolean = () => true,
    before: number = this.log.length,
  ): TxnRecord[] {
    const seen = new Set<string>();
    const found: TxnRecord[] = [];
    for (let position = before - 1; position >= 0 && found.length < limit; position--) {
      const id = this.log[position]!.record.id;
      if (seen.has(id)) continue;
      seen.add(id);
      const record = this.live.get(id);
      if (record && accept(record)) found.push(record);
      if (seen.size > limit * 20) break;
    }
    return found;
  }

  private count(record: TxnRecord, sign: 1 | -1): void {
    let totals = this.totals.get(record.accountId);
    if (!totals) {
      totals = { postedCents: 0, pendingCents: 0 };
      this.totals.set(record.accountId, totals);
    }
    if (record.pending) totals.pendingCents += sign * record.amountCents;
    else totals.postedCents += sign * record.amountCents;
  }
}
