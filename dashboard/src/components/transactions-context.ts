/**
 * What every part of the Transactions page needs to name things: the household's members,
 * accounts and categories (with "Parent › Child" labels), fetched live once per page.
 */
import { html } from "htl";
import type { Account } from "../shared/contract/accounts.js";
import type { Household } from "../shared/contract/auth.js";
import type { Category } from "../shared/contract/categories.js";
import type { Transaction } from "../shared/contract/transactions.js";
import { apiGet } from "./live.js";
import type { Member } from "./transactions-split.js";

export interface TxContext {
  me: string;
  currency: string;
  members: Member[];
  accounts: Account[];
  /** Sorted by their label. */
  categories: { id: string; label: string; kind: Category["kind"] }[];
}

export async function loadContext(me: string): Promise<TxContext> {
  const [household, accounts, categories] = await Promise.all([
    apiGet<Household>("/household"),
    apiGet<{ items: Account[] }>("/accounts"),
    apiGet<{ items: Category[] }>("/categories"),
  ]);
  const byId = new Map(categories.items.map((c) => [c.id, c]));
  const label = (c: Category): string => {
    const parent = c.parentId ? byId.get(c.parentId) : undefined;
    return parent ? `${label(parent)} › ${c.name}` : c.name;
  };
  return {
    me,
    currency: household.baseCurrency,
    members: household.members,
    accounts: accounts.items,
    categories: categories.items
      .map((c) => ({ id: c.id, label: label(c), kind: c.kind }))
      .sort((a, b) => a.label.localeCompare(b.label)),
  };
}

export function memberName(context: TxContext, id: string | null | undefined): string {
  return context.members.find((m) => m.id === id)?.displayName ?? "A former member";
}

export function categoryName(context: TxContext, id: string | null): string {
  return context.categories.find((c) => c.id === id)?.label ?? "";
}

export function accountName(context: TxContext, id: string): string {
  return context.accounts.find((a) => a.id === id)?.name ?? "An account";
}

/** Who paid, in words: the payer set on it, else the account's owner, else both of them (joint account). */
export function paidBy(context: TxContext, transaction: Transaction): string {
  if (transaction.payer?.kind === "member") return memberName(context, transaction.payer.memberId);
  if (transaction.payer?.kind === "shared") return "Joint";
  const owner = context.accounts.find((a) => a.id === transaction.accountId)?.ownerId;
  return owner ? memberName(context, owner) : "Joint";
}

/** A `<select>` of the categories; `empty` is the first option's words (value ""). */
export function categorySelect(context: TxContext, name: string, selected: string | null, empty: string) {
  return html`<select name=${name}>
    <option value="">${empty}</option>
    ${context.categories.map((c) => html`<option value=${c.id} selected=${c.id === selected}>${c.label}</option>`)}
  </select>`;
}
