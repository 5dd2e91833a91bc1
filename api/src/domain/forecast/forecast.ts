import { addDays } from "@tandem/shared";

/**
 * Daily projected balances. Pure integer arithmetic on minor units: an amount spread
 * over several days is split into equal whole units, and the remainder goes one unit
 * a day to the earliest days, so the parts always add up to the whole exactly.
 */

export interface ForecastAccountInput {
  accountId: string;
  balance: number;
}

/** A dated amount (a confirmed recurring occurrence), signed like a transaction. */
export interface ForecastItemInput {
  accountId: string;
  date: string;
  amount: number;
  seriesId: string;
  label: string;
}

/** An amount expected to be spent evenly over [from, to], e.g. a budget's remaining spending. */
export interface ForecastSpreadInput {
  accountId: string;
  amount: number;
  from: string;
  to: string;
}

export interface ForecastPoint {
  date: string;
  balance: number;
  recurring: number;
  budgets: number;
}

export interface AccountProjection {
  accountId: string;
  startBalance: number;
  endBalance: number;
  lowest: { date: string; balance: number };
  points: ForecastPoint[];
  items: ForecastItemInput[];
}

/** `total` split into `parts` whole amounts, equal but for one unit, larger magnitudes first. */
export function spreadEvenly(total: number, parts: number): number[] {
  if (parts <= 0) return [];
  const sign = total < 0 ? -1 : 1;
  const magnitude = Math.abs(total);
  const base = Math.floor(magnitude / parts);
  const extra = magnitude - base * parts;
  return Array.from({ length: parts }, (_, i) => sign * (base + (i < extra ? 1 : 0)) + 0);
}

function dayCount(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * Projects each account from today's balance over the `days` days after today. Items
 * dated today or earlier are not counted (today's balance already holds what posted).
 * A spread starting before tomorrow is spread from tomorrow over the rest of its
 * period; the part of a period past the horizon is left out.
 */
export function projectBalances(
  today: string,
  days: number,
  accounts: ForecastAccountInput[],
  items: ForecastItemInput[],
  spreads: ForecastSpreadInput[] = [],
): AccountProjection[] {
  const first = addDays(today, 1);
  const last = addDays(today, days);
  const dates = Array.from({ length: days }, (_, i) => addDays(first, i));
  const index = new Map(dates.map((date, i) => [date, i]));

  return accounts.map((account) => {
    const recurring = new Array<number>(days).fill(0);
    const budgets = new Array<number>(days).fill(0);
    const mine = items
      .filter((item) => item.accountId === account.accountId && item.date >= first && item.date <= last)
      .sort((a, b) => (a.date === b.date ? a.seriesId.localeCompare(b.seriesId) : a.date < b.date ? -1 : 1));
    for (const item of mine) recurring[index.get(item.date)!]! += item.amount;

    for (const spread of spreads) {
      if (spread.accountId !== account.accountId) continue;
      // biome-ignore lint/complexity/useMathMinMax: ISO date strings, which Math.max cannot compare
      const from = spread.from > first ? spread.from : first;
      if (from > spread.to) continue;
      const shares = spreadEvenly(spread.amount, dayCount(from, spread.to));
      shares.forEach((share, i) => {
        const at = index.get(addDays(from, i));
        if (at !== undefined) budgets[at]! += share;
      });
    }

    let balance = account.balance;
    let lowest = { date: today, balance };
    const points: ForecastPoint[] = dates.map((date, i) => {
      balance += recurring[i]! + budgets[i]!;
      if (balance < lowest.balance) lowest = { date, balance };
      return { date, balance, recurring: recurring[i]!, budgets: budgets[i]! };
    });
    return {
      accountId: account.accountId,
      startBalance: account.balance,
      endBalance: balance,
      lowest,
      points,
      items: mine,
    };
  });
}
