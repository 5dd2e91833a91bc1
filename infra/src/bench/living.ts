/**
 * Living-together benchmark: `npm run bench:living`. A script that prints figures, not a test.
 *
 * A scratch database (dropped at the end) with the demo household and BENCH_ROWS
 * (default 1,000,000) transactions over BENCH_MONTHS (120) COPYed in; the demo's category
 * defaults make groceries, restaurants, household and utilities shared, so a realistic
 * share of the history moves money between the two members. The real API runs
 * in-process over HTTP. Each case runs BENCH_WARMUP (3) untimed then BENCH_SAMPLES (20)
 * timed, alternating with its comparison:
 * - settle-up for one month and for all history, next to one SQL statement that scans,
 *   joins and sums the same candidate rows in the database (the work's floor: no split
 *   arithmetic, no JSON);
 * - the monthly report made afresh (POST), next to the same month's spending by category
 *   and income against expense from /analytics (what a client would otherwise ask for);
 * - the kept report as PDF, next to the kept report as JSON (the PDF's own cost).
 */

import os from "node:os";
import type { RunningServer } from "@tandem/api";
import postgres from "postgres";
import { intEnv, isMain, measurePair, type Stats } from "./measure";
import { scratchDatabase } from "./scratch-database";
import { seedBenchHousehold, startBenchApi } from "./setup";

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ROWS = intEnv("BENCH_ROWS", 1_000_000);
const MONTHS = intEnv("BENCH_MONTHS", 120);
const SAMPLES = intEnv("BENCH_SAMPLES", 20);
const WARMUP = intEnv("BENCH_WARMUP", 3);
const SEED = intEnv("BENCH_SEED", 1);
const END_DATE = "2026-03-15";
const MONTH = "2026-02";

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const ms = (value: number) => value.toFixed(1);

/** The rows settle-up reads (see api/src/splits/settle-up.ts), summed per currency and owner. */
export const CANDIDATES_SQL = `
  select t.currency, a.owner_id, sum(t.amount)::text as total, count(*)::int as n
    from transactions t
    join accounts a on a.id = t.account_id and a.household_id = t.household_id
    left join categories c on c.id = t.category_id and c.household_id = t.household_id
   where t.household_id = $1 and not t.pending and t.date >= $2 and t.date <= $3
     and (t.split is not null or c.kind is distinct from 'transfer')
     and not (t.split is null and t.payer is null and c.default_split is null
              and a.default_split is null and a.owner_id is not null)
     and not exists (select 1 from settlements s where s.household_id = t.household_id and s.transaction_id = t.id)
   group by 1, 2`;

interface Row {
  name: string;
  api: Stats;
  comparison: Stats;
  comparedWith: string;
}

async function main() {
  const scratch = scratchDatabase("tandem_bench", ADMIN_URL, log);
  let server: RunningServer | undefined;
  let direct: postgres.Sql | undefined;
  scratch.onCleanup(() => direct?.end({ timeout: 5 }));
  scratch.onCleanup(() => server?.close());
  try {
    await scratch.create();
    log(`created ${scratch.name}; loading ${ROWS.toLocaleString("en-US")} transactions`);
    const household = await seedBenchHousehold(scratch.url, {
      rows: ROWS,
      seed: SEED,
      months: MONTHS,
      endDate: END_DATE,
      log,
    });
    const { server: running, base, headers } = await startBenchApi(scratch.url);
    server = running;
    direct = postgres(scratch.url, { max: 1 });
    const sql = direct;
    const call = async (method: string, path: string) => {
      const response = await fetch(`${base}${path}`, { method, headers });
      const body = await response.arrayBuffer();
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status}`);
      return body;
    };
    const candidates = (from: string, to: string) =>
      sql.unsafe(CANDIDATES_SQL, [household.householdId, from, to], { prepare: true });

    const monthEnd = `${MONTH}-28`;
    const rows: Row[] = [];
    const pair = async (
      name: string,
      api: () => Promise<unknown>,
      comparedWith: string,
      other: () => Promise<unknown>,
    ) => {
      log(name);
      const [a, b] = await measurePair(api, other, SAMPLES, WARMUP);
      rows.push({ name, api: a, comparison: b, comparedWith });
    };

    await pair(
      `settle-up, ${MONTH}`,
      () => call("GET", `/settle-up?from=${MONTH}-01&to=${monthEnd}&limit=200`),
      "SQL: scan + sum of the same rows",
      () => candidates(`${MONTH}-01`, monthEnd),
    );
    await pair(
      "settle-up, all history",
      () => call("GET", `/settle-up?to=${END_DATE}&limit=200`),
      "SQL: scan + sum of the same rows",
      () => candidates("1900-01-01", END_DATE),
    );
    const analyticsScope = `from=${MONTH}-01&to=${monthEnd}&currency=USD`;
    await pair(
      `monthly report ${MONTH}, made afresh`,
      () => call("POST", `/reports/monthly?month=${MONTH}`),
      "GET /analytics spending-by-category + income-expense",
      () =>
        Promise.all([
          call("GET", `/analytics/spending-by-category?${analyticsScope}`),
          call("GET", `/analytics/income-expense?${analyticsScope}`),
        ]),
    );
    await pair(
      `monthly report ${MONTH}, kept, as PDF`,
      () => call("GET", `/reports/monthly?month=${MONTH}&format=pdf`),
      "the same kept report as JSON",
      () => call("GET", `/reports/monthly?month=${MONTH}`),
    );
    const sharedRows = (await candidates("1900-01-01", END_DATE)).reduce((n, r) => n + (r.n as number), 0);
    print(rows, sharedRows);
  } finally {
    await scratch.cleanup();
  }
}

function print(rows: Row[], sharedRows: number) {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(`\n<!-- bench:living -->`);
  console.log(
    `${ROWS.toLocaleString("en-US")} transactions over ${MONTHS} months, ${sharedRows.toLocaleString("en-US")} of them candidates for settle-up; ${os.cpus().length} × ${cpu}, load ${os.loadavg()[0]!.toFixed(1)}; ${SAMPLES} samples after ${WARMUP} warm-up.\n`,
  );
  console.log("| case | API p50 | API p99 | compared with | its p50 | ratio |");
  console.log("|---|---:|---:|---|---:|---:|");
  for (const r of rows) {
    const ratio = r.api.p50 / r.comparison.p50;
    console.log(
      `| ${r.name} | ${ms(r.api.p50)} ms | ${ms(r.api.p99)} ms | ${r.comparedWith} | ${ms(r.comparison.p50)} ms | ${ratio.toFixed(1)}× |`,
    );
  }
  console.log(`<!-- /bench:living -->`);
}

if (isMain(import.meta.url))
  main().catch((error: Error) => {
    console.error(error);
    process.exitCode = 1;
  });
