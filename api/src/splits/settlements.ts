import type { CreateSettlementBody, Payer, Settlement } from "@tandem/shared";
import { and, desc, eq } from "drizzle-orm";
import type { Database, Executor } from "../db/client";
import { accounts, households, settlements, transactions } from "../db/schema";
import { resolvePayer } from "../domain/splits/share";
import { ApiError, notFound } from "../lib/problem";
import { toSettlement } from "./settle-up";
import { householdMembers } from "./splits";

interface Parties {
  fromUserId: string;
  toUserId: string;
  amount: number;
  currency: string;
  date: string;
  transactionId: string | null;
}

const invalid = (path: string, message: string, code = "invalid_settlement") =>
  new ApiError(422, code, `${path}: ${message}`, [{ path, message }]);

const other = (members: readonly string[], memberId: string) => members.find((m) => m !== memberId)!;

function assertMember(members: readonly string[], id: string, path: string) {
  if (!members.includes(id)) throw invalid(path, "is not a member of this household", "unknown_member");
}

/**
 * A synced transfer between the members is a settlement: money leaving the payer's
 * account was paid by them to the other member; money arriving was paid to them.
 */
async function partiesFromTransaction(
  db: Executor,
  householdId: string,
  members: readonly string[],
  body: CreateSettlementBody & { transactionId: string },
): Promise<Parties> {
  const [row] = await db
    .select({ t: transactions, ownerId: accounts.ownerId })
    .from(transactions)
    .innerJoin(accounts, eq(accounts.id, transactions.accountId))
    .where(and(eq(transactions.id, body.transactionId), eq(transactions.householdId, householdId)));
  if (!row) throw invalid("transactionId", "is not a transaction of this household", "unknown_transaction");
  const { t } = row;
  if (t.pending) throw invalid("transactionId", "is still pending; mark it once it has posted");
  const magnitude = Math.abs(t.amount);
  if (body.amount !== undefined && body.amount !== magnitude) {
    throw invalid("amount", `must be the transaction's ${magnitude} minor units, or left out`);
  }
  if (body.currency !== undefined && body.currency !== t.currency) {
    throw invalid("currency", `must be the transaction's ${t.currency}, or left out`);
  }
  const payer: Payer = resolvePayer({
    amount: t.amount,
    members,
    accountOwnerId: row.ownerId,
    payer: t.payer,
    split: null,
    categorySplit: null,
    accountSplit: null,
  }).payer;
  const holder = payer.kind === "member" ? payer.memberId : undefined;
  const fromUserId = body.fromMemberId ?? (holder && (t.amount < 0 ? holder : other(members, holder)));
  if (!fromUserId) throw invalid("fromMemberId", "is needed: the transaction is on a joint account");
  return {
    fromUserId,
    toUserId: body.toMemberId ?? other(members, fromUserId),
    amount: magnitude,
    currency: t.currency,
    date: body.date ?? t.date,
    transactionId: t.id,
  };
}

async function manualParties(
  db: Executor,
  householdId: string,
  members: readonly string[],
  recordedBy: string | null,
  body: CreateSettlementBody,
  today: string,
): Promise<Parties> {
  if (body.amount === undefined) throw invalid("amount", "is required without a transactionId");
  const fromUserId = body.fromMemberId ?? recordedBy;
  if (!fromUserId) throw invalid("fromMemberId", "is required");
  const [household] = await db
    .select({ baseCurrency: households.baseCurrency })
    .from(households)
    .where(eq(households.id, householdId));
  return {
    fromUserId,
    toUserId: body.toMemberId ?? other(members, fromUserId),
    amount: body.amount,
    currency: body.currency ?? household!.baseCurrency,
    date: body.date ?? today,
    transactionId: null,
  };
}

async function existing(db: Executor, householdId: string, body: CreateSettlementBody) {
  const key = body.transactionId
    ? eq(settlements.transactionId, body.transactionId)
    : body.idempotencyKey
      ? eq(settlements.idempotencyKey, body.idempotencyKey)
      : undefined;
  if (!key) return undefined;
  const [row] = await db
    .select()
    .from(settlements)
    .where(and(eq(settlements.householdId, householdId), key));
  return row;
}

/**
 * Records a payment between the members. Idempotent: the same transaction, or the same
 * idempotencyKey, records one settlement, and a retry gets that one back (created: false).
 */
export async function createSettlement(
  db: Database,
  householdId: string,
  recordedBy: string | null,
  body: CreateSettlementBody,
  today: string,
): Promise<{ created: boolean; settlement: Settlement }> {
  const members = await householdMembers(db, householdId);
  if (members.length < 2) {
    throw new ApiError(409, "needs_two_members", "Settling up needs both members in the household");
  }
  const found = await existing(db, householdId, body);
  if (found) return { created: false, settlement: toSettlement(found) };
  const parties = body.transactionId
    ? await partiesFromTransaction(db, householdId, members, { ...body, transactionId: body.transactionId })
    : await manualParties(db, householdId, members, recordedBy, body, today);
  assertMember(members, parties.fromUserId, "fromMemberId");
  assertMember(members, parties.toUserId, "toMemberId");
  if (parties.fromUserId === parties.toUserId) throw invalid("toMemberId", "must be the other member");
  const [row] = await db
    .insert(settlements)
    .values({
      householdId,
      ...parties,
      note: body.note ?? null,
      idempotencyKey: body.idempotencyKey ?? null,
      createdBy: recordedBy,
    })
    .onConflictDoNothing()
    .returning();
  // A concurrent retry won the insert: answer with its row, as a sequential retry would get.
  if (!row) return { created: false, settlement: toSettlement((await existing(db, householdId, body))!) };
  return { created: true, settlement: toSettlement(row) };
}

export async function listSettlements(db: Executor, householdId: string): Promise<Settlement[]> {
  const rows = await db
    .select()
    .from(settlements)
    .where(eq(settlements.householdId, householdId))
    .orderBy(desc(settlements.date), desc(settlements.createdAt));
  return rows.map(toSettlement);
}

/** Undoes a settlement recorded by mistake; a marked transfer goes back to being a transfer. */
export async function deleteSettlement(db: Database, householdId: string, id: string): Promise<void> {
  const deleted = await db
    .delete(settlements)
    .where(and(eq(settlements.id, id), eq(settlements.householdId, householdId)))
    .returning({ id: settlements.id });
  if (deleted.length === 0) throw notFound("Settlement");
}
