/**
 * Analytics benchmark: `npm run bench:analytics`. A script that prints figures, not a test.
 *
 * Like bench:ledger: a scratch database (dropped at the end, also on failure or Ctrl-C),
 * the demo household with BENCH_ROWS (default 1,000,000) transactions COPYed in, the real
 * API in-process over HTTP keep-alive. For every /analytics report and GET /budgets/status,
 * BENCH_WARMUP (30) untimed then BENCH_SAMPLES (200) timed requests, alternating with the
 * same SQL run directly through postgres.js (prepared). Then a 100,000-line CSV is posted
 * to POST /imports in commit mode (BENCH_IMPORT_ROWS), reporting rows/s.
 *
 * Targets: p99 <= 20 ms; API <= 1.5x the raw SQL (p50).
 */

import os from "node:os";
import type { RunningServer } from "@tandem/api";
import postgres from "postgres";
import { splitRange } from "../../../api/src/domain/analytics/months";
import type { DemoHousehold } from "../demo/seed";
import { intEnv, isMain, measurePair, type Stats } from "./measure";
import { scratchDatabase } from "./scratch-database";
import { seedBenchHousehold, startBenchApi } from "./setup";

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ROWS = intEnv("BENCH_ROWS", 1_000_000);
const MONTHS = intEnv("BENCH_MONTHS", 120);
const SAMPLES = intEnv("BENCH_SAMPLES", 200);
const WARMUP = intEnv("BENCH_WARMUP", 30);
const IMPORT_ROWS = intEnv("BENCH_IMPORT_ROWS", 100_000);
const SEED = intEnv("BENCH_SEED", 1);
const END_DATE = "2026-03-15";
const TARGET_P99_MS = 20;
const TARGET_RATIO = 1.5;

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const ms = (value: number) => value.toFixed(2);

export interface Case {
  name: string;
  path: string;
  /** The statements the API runs for it (categories/household lookups aside), in order. */
  sql: { text: string; params: unknown[] }[];
}

const MONTH = `to_char(date_trunc('month', "date"::timestamp), 'YYYY-MM')`;
const SCOPE = "household_id = $1 and date >= $2 and date <= $3 and currency = $4 and pending = false";

/**
 * Creates the bench's budgets through the API (`call`), then returns every /analytics
 * report and budget status with the SQL the API runs for it. Exported for bench/report.ts.
 */
export async function analyticsCases(
  db: postgres.Sql,
  call: (method: string, path: string, body?: unknown) => Promise<string>,
  household: DemoHousehold,
): Promise<Case[]> {
  const hid = household.householdId;
  const cat = (name: string) => household.categoryIds.get(name);

  // Budgets: a rolled-over category budget running 15 months, plain monthly ones, a
  // quarterly, a weekly, and an overall one.
  const parents = await db<{ id: string; name: string }[]>`
      select id, name from categories where household_id = ${hid} and parent_id is null`;
  const top = (name: string) => parents.find((p) => p.name === name)!.id;
  const budgetBodies = [
    { categoryId: top("Food"), amount: 120_000, period: "monthly", startDate: "2025-01-01", rollover: true },
    { categoryId: top("Transport"), amount: 40_000, period: "monthly", startDate: "2025-01-01" },
    { categoryId: top("Shopping"), amount: 150_000, period: "quarterly", startDate: "2025-01-01" },
    { categoryId: cat("Coffee") ?? top("Food"), amount: 3_000, period: "weekly", startDate: "2026-01-01" },
    { categoryId: null, amount: 800_000, period: "monthly", startDate: "2025-01-01" },
  ];
  for (const body of budgetBodies) await call("POST", "/budgets", body);
  const subtree = async (id: string) =>
    (
      await db<{ id: string }[]>`
          select id from categories where household_id = ${hid} and (id = ${id} or parent_id = ${id}) and kind <> 'transfer'`
    ).map((r) => r.id);
  const expenseIds = (
    await db<{ id: string }[]>`select id from categories where household_id = ${hid} and kind = 'expense'`
  ).map((r) => r.id);
  const spendSql = (unit: string, ids: string[] | null, from: string, to: string) => ({
    text: `select date_trunc('${unit}', date::timestamp)::date::text as start, sum(amount)::text as total from transactions
             where household_id = $1 and date >= $2 and date <= $3 and currency = $4 and pending = false and ${
               ids
                 ? "category_id = any($5::uuid[])"
                 : "(category_id = any($5::uuid[]) or (category_id is null and amount < 0))"
             } group by 1`,
    params: [hid, from, to, "USD", ids ?? expenseIds],
  });
  const statusSql = [
    { text: "select * from budgets where household_id = $1 order by created_at, id", params: [hid] },
    spendSql("month", await subtree(top("Food")), "2025-01-01", "2026-03-31"),
    spendSql("month", await subtree(top("Transport")), "2026-03-01", "2026-03-31"),
    spendSql("quarter", await subtree(top("Shopping")), "2026-01-01", "2026-03-31"),
    spendSql("week", await subtree(cat("Coffee") ?? top("Food")), "2026-03-09", "2026-03-15"),
    spendSql("month", null, "2026-03-01", "2026-03-31"),
  ];

  const year = { from: "2025-04-01", to: END_DATE };
  const month = { from: "2026-02-01", to: "2026-02-28" };
  const q = (r: { from: string; to: string }) => `from=${r.from}&to=${r.to}`;
  const p = (r: { from: string; to: string }) => [hid, r.from, r.to, "USD"];
  // The statements the API runs: whole months from the monthly totals the database
  // keeps, the partial months at the range's ends from the transactions.
  const sums = (r: { from?: string; to: string }) => {
    const { whole, partial } = splitRange(r);
    const parts = partial.map(
      (part) => `select ${MONTH} as month, account_id, category_id, amount > 0 as inflow, amount from transactions
                   where household_id = $1 and date >= '${part.from}' and date <= '${part.to}' and currency = $2 and pending = false`,
    );
    if (whole) {
      parts.push(`select to_char(month, 'YYYY-MM') as month, account_id, category_id, inflow, amount
                    from transaction_month_totals where household_id = $1 ${whole.first ? `and month >= '${whole.first}'` : ""}
                    and month <= '${whole.last}' and currency = $2 and pending = false`);
    }
    return parts.join(" union all ");
  };
  const byMonth = (r: { from: string; to: string }) => ({
    text: `select month, category_id, sum(amount)::text as total from (${sums(r)}) sums group by month, category_id, inflow`,
    params: [hid, "USD"],
  });
  const movements = (byAccount: boolean) => ({
    text: `select ${byAccount ? "account_id" : "null::uuid"} as account_id,
             case when month < '${year.from.slice(0, 7)}' then '' else month end as month, sum(amount)::text as total
             from (${sums({ to: year.to })}) sums group by 1, 2`,
    params: [hid, "USD"],
  });
  const byCategory = (r: { from: string; to: string }) => ({
    text: `select category_id, sum(amount)::text as total from (${sums(r)}) sums group by category_id, inflow`,
    params: [hid, "USD"],
  });
  const cases: Case[] = [
    {
      name: "spending by category, 1 month",
      path: `/analytics/spending-by-category?${q(month)}`,
      sql: [byCategory(month)],
    },
    {
      name: "spending by category, 12 months",
      path: `/analytics/spending-by-category?${q(year)}`,
      sql: [byCategory(year)],
    },
    {
      name: "income vs expense by month, 12 months",
      path: `/analytics/income-expense?${q(year)}`,
      sql: [byMonth(year)],
    },
    {
      name: "trends (MoM + YoY), 12 months",
      path: `/analytics/trends?${q(year)}`,
      sql: [byMonth({ from: "2024-04-01", to: year.to })],
    },
    {
      name: "top merchants, 12 months",
      path: `/analytics/top-merchants?${q(year)}`,
      sql: [
        {
          text: `select coalesce(merchant, description) as merchant, sum(amount)::text as total, count(*)::int as count
                   from transactions where ${SCOPE}
                   and (category_id in (select id from categories where household_id = $1 and kind = 'expense')
                        or (category_id is null and amount < 0))
                   group by 1 order by sum(amount) asc, 1 asc limit 10`,
          params: p(year),
        },
      ],
    },
    {
      name: "account balances, month-ends of 12 months",
      path: `/analytics/balances?${q(year)}`,
      sql: [movements(true)],
    },
    { name: "net worth, month-ends of 12 months", path: `/analytics/net-worth?${q(year)}`, sql: [movements(false)] },
    { name: "savings rate, 12 months", path: `/analytics/savings-rate?${q(year)}`, sql: [byMonth(year)] },
    {
      name: "budget status (5 budgets, one rolled over 15 months)",
      path: `/budgets/status?date=${END_DATE}`,
      sql: statusSql,
    },
  ];

  return cases;
}

/** A CSV of `rows` lines posted to POST /imports (commit) into a fresh account; the seconds the request took. */
export async function timeCsvImport(
  call: (method: string, path: string, body?: unknown) => Promise<string>,
  base: string,
  headers: { authorization: string },
  rows: number,
  accountName = "Import bench",
): Promise<{ seconds: number; bytes: number }> {
  const account = JSON.parse(
    await call("POST", "/accounts", { name: accountName, type: "checking", currency: "USD" }),
  ) as {
    id: string;
  };
  const lines = ["date,amount,description,id"];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2024, 0, 1) + (i % 800) * 86_400_000).toISOString().slice(0, 10);
    const amount = (((i * 7919) % 20_000) - 15_000) / 100;
    lines.push(`${day},${amount.toFixed(2)},Bench purchase ${i},bench-${i}`);
  }
  const csv = `${lines.join("\n")}\n`;
  const mapping = JSON.stringify({ date: "date", amount: "amount", description: "description", id: "id" });
  const form = new FormData();
  form.set("file", new Blob([csv], { type: "text/csv" }), "bench.csv");
  form.set("accountId", account.id);
  form.set("format", "csv");
  form.set("mode", "commit");
  form.set("mapping", mapping);
  const t0 = performance.now();
  const response = await fetch(`${base}/imports`, { method: "POST", headers, body: form });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST /imports: ${response.status} ${text.slice(0, 500)}`);
  const result = JSON.parse(text) as { counts: { inserted: number } };
  const seconds = (performance.now() - t0) / 1000;
  if (result.counts.inserted !== rows) throw new Error(`import inserted ${result.counts.inserted} of ${rows} rows`);
  return { seconds, bytes: csv.length };
}

async function main() {
  const scratch = scratchDatabase("tandem_bench", ADMIN_URL, log);
  let server: RunningServer | undefined;
  let direct: postgres.Sql | undefined;
  scratch.onCleanup(() => direct?.end({ timeout: 5 }));
  scratch.onCleanup(() => server?.close());
  try {
    await scratch.create();
    const started = performance.now();
    log(`created ${scratch.name}; loading ${ROWS.toLocaleString("en-US")} transactions`);
    const household = await seedBenchHousehold(scratch.url, {
      rows: ROWS,
      seed: SEED,
      months: MONTHS,
      endDate: END_DATE,
      log,
    });
    const loadTime = `${((performance.now() - started) / 1000).toFixed(1)} s`;
    log(`loaded in ${loadTime}`);

    const benchApi = await startBenchApi(scratch.url);
    server = benchApi.server;
    const { base, headers } = benchApi;
    const call = async (method: string, path: string, body?: unknown, contentType = "application/json") => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { "content-type": contentType }) },
        ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
      });
      const text = await response.text();
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
      return text;
    };
    const api = (path: string) => call("GET", path);

    direct = postgres(scratch.url, {
      max: 1,
      onnotice: () => {},
      connection: { plan_cache_mode: "force_custom_plan" },
    });
    const db = direct;
    const cases = await analyticsCases(db, call, household);

    for (let i = 0; i < WARMUP; i++) for (const c of cases) await api(c.path);
    const loadBefore = os.loadavg()[0]!;
    const results: { name: string; api: Stats; sql: Stats }[] = [];
    for (const c of cases) {
      const runSql = async () => {
        for (const s of c.sql) await db.unsafe(s.text, s.params as never[], { prepare: true });
      };
      const [a, s] = await measurePair(() => api(c.path), runSql, SAMPLES, WARMUP);
      results.push({ name: c.name, api: a, sql: s });
      log(`${c.name}: API p50 ${ms(a.p50)} ms, SQL p50 ${ms(s.p50)} ms`);
    }
    const loadAfter = os.loadavg()[0]!;

    // Import: a 100,000-line CSV into a fresh account, committed in one request.
    let importLine = "";
    if (IMPORT_ROWS > 0) {
      const { seconds, bytes } = await timeCsvImport(call, base, headers, IMPORT_ROWS);
      importLine = `Import: POST /imports (CSV, ${(bytes / 2 ** 20).toFixed(1)} MiB, ${IMPORT_ROWS.toLocaleString("en-US")} lines, mode=commit): ${seconds.toFixed(2)} s, ${Math.round(IMPORT_ROWS / seconds).toLocaleString("en-US")} rows/s.`;
      log(importLine);
    }

    const cpus = os.cpus();
    const out: string[] = [];
    out.push(`## Analytics benchmark: ${ROWS.toLocaleString("en-US")} transactions, one household`, "");
    out.push(
      `Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown"}), Node ${process.version}; ` +
        `1-min load ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after; load ${loadTime}. ` +
        `${WARMUP} warm-up + ${SAMPLES} timed requests per case, API and SQL alternating; ms.`,
      "",
    );
    out.push("| case | API p50 | API p99 | SQL p50 | SQL p99 | API/SQL (p50) |");
    out.push("|---|---:|---:|---:|---:|---:|");
    for (const r of results) {
      out.push(
        `| ${r.name} | ${ms(r.api.p50)} | ${ms(r.api.p99)} | ${ms(r.sql.p50)} | ${ms(r.sql.p99)} | ${(r.api.p50 / r.sql.p50).toFixed(2)}x |`,
      );
    }
    const missedP99 = results.filter((r) => r.api.p99 > TARGET_P99_MS).map((r) => r.name);
    const missedRatio = results.filter((r) => r.api.p50 / r.sql.p50 > TARGET_RATIO).map((r) => r.name);
    out.push("");
    out.push(`Target p99 <= ${TARGET_P99_MS} ms: ${missedP99.length ? `MISSED by ${missedP99.join("; ")}` : "MET"}.`);
    out.push(
      `Target API <= ${TARGET_RATIO}x SQL: ${missedRatio.length ? `MISSED by ${missedRatio.join("; ")}` : "MET"}.`,
    );
    if (importLine) out.push("", importLine);
    process.stdout.write(`${out.join("\n")}\n`);
  } finally {
    await scratch.cleanup();
  }
}

if (isMain(import.meta.url))
  main().catch((error: Error) => {
    console.error(error);
    process.exitCode = 1;
  });
