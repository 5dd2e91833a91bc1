import { deriveHouseholdSealKey, parseSealMasterKey } from "@tandem/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LedgerData } from "../../dashboard/src/components/ledger-data";
import { type SealedBox, unseal } from "../../dashboard/src/components/sealed";
import { freePort } from "../support/process";
import { runLoader, type SeededApi, startSeededApi } from "./support/stack";

// Each loader against a real API: what it seals must equal the same aggregation in SQL.
let api: SeededApi;
let ledger: LedgerData;
let sealed: SealedBox;

beforeAll(async () => {
  api = await startSeededApi();
  const run = await runLoader("ledger.json.ts", {
    TANDEM_API_URL: api.url,
    TANDEM_API_KEY: api.apiKey,
    DASHBOARD_SEAL_KEY: api.sealKey,
  });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  sealed = JSON.parse(run.stdout);
  const key = await deriveHouseholdSealKey(parseSealMasterKey(api.sealKey), api.householdId);
  ledger = await unseal<LedgerData>(sealed, key, "ledger");
}, 120_000);
afterAll(() => api?.stop());

const byKey = <T>(rows: T[], key: (row: T) => string) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));

describe("the ledger loader", () => {
  it("emits nothing readable without the household's key", async () => {
    // Only the envelope is readable; the ciphertext carries none of the household's words.
    expect(Object.keys(sealed).sort()).toEqual(["ciphertext", "compression", "iv", "label", "sealed"]);
    const bytes = Buffer.from(sealed.ciphertext, "base64").toString("latin1");
    for (const secret of [ledger.household.name, ...ledger.accounts.map((account) => account.name)]) {
      expect(bytes).not.toContain(secret);
    }
    const otherKey = await deriveHouseholdSealKey(parseSealMasterKey(api.sealKey), api.otherHouseholdId);
    await expect(unseal(sealed, otherKey, "ledger")).rejects.toThrow(/Cannot open/);
  });

  it("sums posted flows per month, account and category exactly as SQL does", async () => {
    const expected = await api.sql<
      {
        month: string;
        accountId: string;
        categoryId: string | null;
        kind: string;
        currency: string;
        amount: string;
        count: number;
      }[]
    >`
      select to_char(t.date, 'YYYY-MM') as month, t.account_id as "accountId", t.category_id as "categoryId",
             coalesce(c.kind, case when t.amount < 0 then 'expense' else 'income' end) as kind,
             t.currency, sum(t.amount)::text as amount, count(*)::int as count
      from transactions t left join categories c on c.id = t.category_id
      where t.household_id = ${api.householdId} and not t.pending
      group by 1, 2, 3, 4, 5`;
    const key = (row: { month: string; accountId: string; categoryId: string | null; kind: string }) =>
      `${row.month} ${row.accountId} ${row.categoryId} ${row.kind}`;
    expect(byKey(ledger.flows, key)).toEqual(
      byKey(
        expected.map((row) => ({ ...row, amount: Number(row.amount) })),
        key,
      ),
    );
    expect(ledger.flows.some((row) => row.categoryId === null && row.kind === "expense")).toBe(true);
    expect(ledger.flows.some((row) => row.kind === "transfer")).toBe(true);
  });

  it("nets merchant spending over expense transactions as SQL does", async () => {
    const expected = await api.sql<
      { month: string; accountId: string; merchant: string; currency: string; spent: string; count: number }[]
    >`
      select to_char(t.date, 'YYYY-MM') as month, t.account_id as "accountId",
             coalesce(t.merchant, t.description) as merchant, t.currency,
             (-sum(t.amount))::text as spent, count(*)::int as count
      from transactions t left join categories c on c.id = t.category_id
      where t.household_id = ${api.householdId} and not t.pending
        and coalesce(c.kind, case when t.amount < 0 then 'expense' else 'income' end) = 'expense'
      group by 1, 2, 3, 4`;
    const key = (row: { month: string; accountId: string; merchant: string }) =>
      `${row.month} ${row.accountId} ${row.merchant}`;
    expect(byKey(ledger.merchants, key)).toEqual(
      byKey(
        expected.map((row) => ({ ...row, spent: Number(row.spent) })),
        key,
      ),
    );
  });

  it("ends every account's month-end balance series at the balance the API reports", async () => {
    const expected = await api.sql<{ month: string; accountId: string; balance: string }[]>`
      with months as (
        select to_char(m, 'YYYY-MM') as month, (m + interval '1 month')::date as next
        from generate_series(
          (select date_trunc('month', min(date)) from transactions where household_id = ${api.householdId} and not pending),
          (select date_trunc('month', max(date)) from transactions where household_id = ${api.householdId} and not pending),
          interval '1 month') as m
      )
      select months.month, a.id as "accountId",
             (a.opening_balance + coalesce((select sum(t.amount) from transactions t
               where t.account_id = a.id and not t.pending and t.date < months.next), 0))::text as balance
      from accounts a cross join months
      where a.household_id = ${api.householdId}`;
    const key = (row: { month: string; accountId: string }) => `${row.month} ${row.accountId}`;
    expect(byKey(ledger.balances, key).map(({ month, accountId, balance }) => ({ month, accountId, balance }))).toEqual(
      byKey(
        expected.map((row) => ({ ...row, balance: Number(row.balance) })),
        key,
      ),
    );
    for (const account of ledger.accounts) {
      const series = ledger.balances.filter((row) => row.accountId === account.id);
      expect(series.at(-1)?.balance).toBe(account.balance);
    }
  });

  it("counts pending transactions apart and shows only this household", async () => {
    const [counts] = await api.sql<{ posted: number; pending: number }[]>`
      select count(*) filter (where not pending)::int as posted, count(*) filter (where pending)::int as pending
      from transactions where household_id = ${api.householdId}`;
    expect(ledger.counts).toEqual(counts);
    expect(ledger.household.id).toBe(api.householdId);
    expect(ledger.household.members.map((member) => member.displayName).sort()).toEqual(["Alex", "Blair"]);
    expect(JSON.stringify(ledger)).not.toContain("Their secret");
    expect(ledger.accounts.map((account) => account.name)).not.toContain("Their bank");
  });
});

describe("a loader that cannot do its job", () => {
  it("fails the build with a message naming the unreachable API, and prints no data", async () => {
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const run = await runLoader("ledger.json.ts", {
      TANDEM_API_URL: nowhere,
      TANDEM_API_KEY: api.apiKey,
      DASHBOARD_SEAL_KEY: api.sealKey,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`Cannot reach the Tandem API at ${nowhere}`);
  });

  it("names the missing settings", async () => {
    const run = await runLoader("ledger.json.ts", { TANDEM_API_URL: api.url });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Set TANDEM_API_KEY, DASHBOARD_SEAL_KEY");
  });

  it("says so when the API refuses the key", async () => {
    const run = await runLoader("ledger.json.ts", {
      TANDEM_API_URL: api.url,
      TANDEM_API_KEY: "tdm_ro_not-a-real-key",
      DASHBOARD_SEAL_KEY: api.sealKey,
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/401/);
  });
});
