/**
 * The split editor's values → the API's SplitInput, and stored splits → words. Pure, so
 * tested in transactions-query.test.ts.
 */
import type { Payer, Split, SplitInput } from "../shared/contract/splits.js";
import { parseAmount } from "./transactions-query.js";

export type SplitKind = "default" | SplitInput["kind"];

export interface SplitValues {
  kind: SplitKind;
  /** For "personal": whose it is ("" = the payer's). */
  personalMemberId: string;
  /** Per member: a percentage ("60") or an amount ("12.50"), as typed. */
  values: Record<string, string>;
}

export interface Member {
  id: string;
  displayName: string;
}

type FieldError = { path: string; message: string };

/**
 * → `null` (back to the default), a SplitInput, or the fields that cannot be read (paths as
 * the API would name them, so they show next to the same controls).
 */
export function splitInput(
  values: SplitValues,
  members: readonly Member[],
  currency: string,
): { split: SplitInput | null } | { errors: FieldError[] } {
  switch (values.kind) {
    case "default":
      return { split: null };
    case "equal":
      return { split: { kind: "equal" } };
    case "personal":
      return {
        split: values.personalMemberId ? { kind: "personal", memberId: values.personalMemberId } : { kind: "personal" },
      };
    case "percent": {
      const errors: FieldError[] = [];
      const shares = members.map((member, index) => {
        const text = (values.values[member.id] ?? "").trim() || "0";
        const percent = /^\d{1,3}(\.\d{1,2})?$/.test(text) ? Number(text) : Number.NaN;
        if (!(percent >= 0 && percent <= 100)) {
          errors.push({ path: `split.shares.${index}.percent`, message: "Enter a percentage from 0 to 100" });
        }
        return { memberId: member.id, percent };
      });
      return errors.length ? { errors } : { split: { kind: "percent", shares } };
    }
    case "exact": {
      const errors: FieldError[] = [];
      const parts = members.map((member, index) => {
        const text = (values.values[member.id] ?? "").trim() || "0";
        const parsed = parseAmount(text, currency);
        if ("error" in parsed) errors.push({ path: `split.parts.${index}.amount`, message: parsed.error });
        else if (parsed.value < 0)
          errors.push({ path: `split.parts.${index}.amount`, message: "Must not be negative" });
        return { memberId: member.id, amount: "value" in parsed ? parsed.value : 0 };
      });
      return errors.length ? { errors } : { split: { kind: "exact", parts } };
    }
  }
}

/** A stored split → the editor's values (percentages back from basis points, amounts in major units). */
export function splitValues(split: Split | null, toDecimal: (minor: number) => string): SplitValues {
  const values: SplitValues = { kind: split?.kind ?? "default", personalMemberId: "", values: {} };
  if (split?.kind === "personal") values.personalMemberId = split.memberId ?? "";
  if (split?.kind === "percent") for (const s of split.shares) values.values[s.memberId] = String(s.basisPoints / 100);
  if (split?.kind === "exact") for (const p of split.parts) values.values[p.memberId] = toDecimal(p.amount);
  return values;
}

const nameOf = (members: readonly Member[], id: string | undefined) =>
  members.find((m) => m.id === id)?.displayName ?? "a former member";

/** "Shared equally", "Alex's alone", "Alex 60%, Blair 40%", "Exact amounts". */
export function describeSplit(split: Split, members: readonly Member[]): string {
  switch (split.kind) {
    case "equal":
      return "Shared equally";
    case "personal":
      return split.memberId ? `${nameOf(members, split.memberId)}'s alone` : "The payer's alone";
    case "percent":
      return split.shares.map((s) => `${nameOf(members, s.memberId)} ${s.basisPoints / 100}%`).join(", ");
    case "exact":
      return "Exact amounts per person";
  }
}

export function describePayer(payer: Payer, members: readonly Member[]): string {
  return payer.kind === "shared" ? "Paid from joint money" : `Paid by ${nameOf(members, payer.memberId)}`;
}

export const SPLIT_SOURCE_WORDS: Record<string, string> = {
  transaction: "set on this transaction",
  category: "the category's default",
  account: "the account's default",
  default: "the household's default",
};
