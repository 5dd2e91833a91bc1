import type { PlaidTransactionJson } from "@tandem/infra/plaid-emulator";
import type { StoredTransaction } from "./sync-stack";

/** A member's edit through the API, remembered to check it survives every later sync. */
export interface RememberedEdit {
  /** Order of the edits: a later edit of the same field wins. */
  seq: number;
  sourceId: string;
  categoryId?: string;
  notes?: string;
}

export interface Comparison {
  /** In the bank's truth, not in the database. */
  lost: string[];
  /** Stored more than once. */
  duplicated: string[];
  /** In the database, not in the truth (removed by the bank, or a pending that posted). */
  resurrected: string[];
  /** Present on both sides with different bank fields. */
  mismatched: { sourceId: string; expected: BankFields; actual: BankFields }[];
}

interface BankFields {
  plaidAccountId: string | null;
  date: string;
  amount: number;
  currency: string;
  pending: boolean;
}

/** Plaid's amount is positive for money out; Tandem's is negative for money out, in minor units (cents). */
export function tandemAmount(plaidAmount: number): number {
  const cents = -Math.round(plaidAmount * 100);
  return cents === 0 ? 0 : cents;
}

function bankFieldsOfTruth(t: PlaidTransactionJson): BankFields {
  return {
    plaidAccountId: t.account_id,
    date: t.date,
    amount: tandemAmount(t.amount),
    currency: t.iso_currency_code,
    pending: t.pending,
  };
}

function bankFieldsOfRow(r: StoredTransaction): BankFields {
  return { plaidAccountId: r.plaidAccountId, date: r.date, amount: r.amount, currency: r.currency, pending: r.pending };
}

export function compareWithTruth(truth: PlaidTransactionJson[], stored: StoredTransaction[]): Comparison {
  const truthById = new Map(truth.map((t) => [t.transaction_id, t]));
  const storedCount = new Map<string, number>();
  for (const row of stored) storedCount.set(row.sourceId, (storedCount.get(row.sourceId) ?? 0) + 1);
  const mismatched: Comparison["mismatched"] = [];
  for (const row of stored) {
    const t = truthById.get(row.sourceId);
    if (!t) continue;
    const expected = bankFieldsOfTruth(t);
    const actual = bankFieldsOfRow(row);
    if (JSON.stringify(expected) !== JSON.stringify(actual))
      mismatched.push({ sourceId: row.sourceId, expected, actual });
  }
  return {
    lost: [...truthById.keys()].filter((id) => !storedCount.has(id)),
    duplicated: [...storedCount].filter(([, n]) => n > 1).map(([id]) => id),
    resurrected: [...storedCount.keys()].filter((id) => !truthById.has(id)),
    mismatched,
  };
}

export interface EditCheck {
  /** Edits whose transaction (or the posted one that replaced it) is in the truth: these must hold. */
  checked: number;
  /** Edits on a transaction the bank has since removed (a lapsed hold, a correction): gone with it. */
  goneWithTransaction: number;
  /** Edits made on a pending transaction that must now be found on the posted one. */
  carriedToPosted: number;
  lost: { sourceId: string; heldBy: string; field: "categoryId" | "notes"; expected: string; actual: string | null }[];
}

/**
 * Where an edit lives now: the transaction itself, or, if it was pending and has posted,
 * the posted transaction that names it as pending_transaction_id (Plaid gives it a new id).
 */
function currentHolder(sourceId: string, truthIds: Set<string>, postedFor: Map<string, string>): string | undefined {
  if (truthIds.has(sourceId)) return sourceId;
  const posted = postedFor.get(sourceId);
  return posted && truthIds.has(posted) ? posted : undefined;
}

export function checkEdits(
  edits: RememberedEdit[],
  truth: PlaidTransactionJson[],
  stored: StoredTransaction[],
): EditCheck {
  const truthIds = new Set(truth.map((t) => t.transaction_id));
  const postedFor = new Map(
    truth.filter((t) => t.pending_transaction_id).map((t) => [t.pending_transaction_id!, t.transaction_id]),
  );
  const rowBySource = new Map(stored.map((r) => [r.sourceId, r]));
  // The latest edit of each field on each transaction is what the member expects to see.
  const expected = new Map<
    string,
    { sourceId: string; heldBy: string; field: "categoryId" | "notes"; value: string }
  >();
  let goneWithTransaction = 0;
  let carriedToPosted = 0;
  for (const edit of [...edits].sort((a, b) => a.seq - b.seq)) {
    const heldBy = currentHolder(edit.sourceId, truthIds, postedFor);
    if (!heldBy) {
      goneWithTransaction++;
      continue;
    }
    if (heldBy !== edit.sourceId) carriedToPosted++;
    if (edit.categoryId !== undefined)
      expected.set(`${heldBy}/categoryId`, {
        sourceId: edit.sourceId,
        heldBy,
        field: "categoryId",
        value: edit.categoryId,
      });
    if (edit.notes !== undefined)
      expected.set(`${heldBy}/notes`, { sourceId: edit.sourceId, heldBy, field: "notes", value: edit.notes });
  }
  const lost: EditCheck["lost"] = [];
  for (const want of expected.values()) {
    const row = rowBySource.get(want.heldBy);
    const actual = row ? row[want.field] : null;
    const memberCategory = want.field !== "categoryId" || row?.categorySource === "member";
    if (actual !== want.value || !memberCategory) {
      lost.push({ sourceId: want.sourceId, heldBy: want.heldBy, field: want.field, expected: want.value, actual });
    }
  }
  return { checked: edits.length - goneWithTransaction, goneWithTransaction, carriedToPosted, lost };
}
