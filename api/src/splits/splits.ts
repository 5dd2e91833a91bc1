import type { Payer, Split, SplitInput } from "@tandem/shared";
import { asc, eq } from "drizzle-orm";
import type { Executor } from "../db/client";
import { users } from "../db/schema";
import { ApiError } from "../lib/problem";

/** The household's members, oldest first: the order that breaks rounding ties after the payer. */
export async function householdMembers(db: Executor, householdId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.householdId, householdId))
    .orderBy(asc(users.createdAt), asc(users.id));
  return rows.map((r) => r.id);
}

const invalid = (path: string, message: string, code = "invalid_split") =>
  new ApiError(422, code, `${path}: ${message}`, [{ path, message }]);

function assertMembers(ids: readonly string[], members: readonly string[], path: string) {
  for (const id of ids) {
    if (!members.includes(id)) throw invalid(path, `${id} is not a member of this household`, "unknown_member");
  }
  if (new Set(ids).size !== ids.length) throw invalid(path, "names a member twice");
}

/**
 * Checks a member's split against the household and (for exact parts) the transaction's
 * amount, and turns percentages into basis points so they are stored exactly.
 */
export function toStoredSplit(
  input: SplitInput,
  members: readonly string[],
  options: { path: string; amount?: number },
): Split {
  const { path } = options;
  switch (input.kind) {
    case "equal":
      return { kind: "equal" };
    case "personal":
      if (input.memberId) assertMembers([input.memberId], members, `${path}.memberId`);
      return input.memberId ? { kind: "personal", memberId: input.memberId } : { kind: "personal" };
    case "percent": {
      assertMembers(
        input.shares.map((s) => s.memberId),
        members,
        `${path}.shares`,
      );
      const shares = input.shares.map((s) => ({ memberId: s.memberId, basisPoints: Math.round(s.percent * 100) }));
      const total = shares.reduce((sum, s) => sum + s.basisPoints, 0);
      if (total !== 10_000) throw invalid(`${path}.shares`, `percentages add up to ${total / 100}, not 100`);
      return { kind: "percent", shares };
    }
    case "exact": {
      assertMembers(
        input.parts.map((p) => p.memberId),
        members,
        `${path}.parts`,
      );
      const total = input.parts.reduce((sum, p) => sum + p.amount, 0);
      const expected = Math.abs(options.amount ?? 0);
      if (total !== expected) {
        throw invalid(`${path}.parts`, `parts add up to ${total} minor units, the transaction is ${expected}`);
      }
      return { kind: "exact", parts: input.parts.map((p) => ({ memberId: p.memberId, amount: p.amount })) };
    }
  }
}

/** "shared" or a member's id, checked against the household. */
export function toStoredPayer(input: string, members: readonly string[], path = "payer"): Payer {
  if (input === "shared") return { kind: "shared" };
  assertMembers([input], members, path);
  return { kind: "member", memberId: input };
}

/** An account's or category's default as stored; undefined and null pass through (leave alone, clear). */
export async function storedDefaultSplit(db: Executor, householdId: string, split: SplitInput | null | undefined) {
  if (!split) return split;
  return toStoredSplit(split, await householdMembers(db, householdId), { path: "defaultSplit" });
}
