/**
 * Queries at one size, with bench:ledger's, bench:analytics' and bench:living's cases: the
 * real API (in this process, HTTP keep-alive) next to the same SQL run directly through
 * postgres.js (prepared), alternating; then a CSV import through POST /imports.
 */
import postgres from "postgres";
import type { DemoHousehold } from "../../demo/seed";
import { analyticsCases, timeCsvImport } from "../analytics";
import { ledgerCases } from "../ledger";
import { CANDIDATES_SQL } from "../living";
import { measurePair, type Stats } from "../measure";
import type { BenchApi } from "../setup";
import { log, median } from "./common";

export interface QueryResult {
  group: "list" | "analytics" | "settle-up";
  name: string;
  api: Stats;
  sql: Stats;
  samples: number;
}

export interface QueriesOutcome {
  results: QueryResult[];
}

export interface CsvImportResult {
  rows: number;
  seconds: number[];
  secondsMedian: number;
  bytes: number;
}

/** A CSV of `rows` lines through POST /imports (commit), `reps` times, each into a fresh account. */
export async function measureCsvImport(benchApi: BenchApi, rows: number, reps: number): Promise<CsvImportResult> {
  const { base, headers } = benchApi;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return text;
  };
  const seconds: number[] = [];
  let bytes = 0;
  for (let run = 1; run <= reps; run++) {
    const result = await timeCsvImport(call, base, headers, rows, `Import bench ${run}`);
    seconds.push(result.seconds);
    bytes = result.bytes;
    log(`CSV import ${run}/${reps} of ${rows} lines: ${result.seconds.toFixed(2)} s`);
  }
  return { rows, seconds, secondsMedian: median(seconds), bytes };
}

export async function measureQueries(options: {
  url: string;
  household: DemoHousehold;
  api: BenchApi;
  rows: number;
  months: number;
  endDate: string;
  samples: number;
  warmup: number;
  reps: number;
}): Promise<QueriesOutcome> {
  const { household, api: benchApi, samples, warmup } = options;
  const { base, headers } = benchApi;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return text;
  };
  const get = (path: string) => call("GET", path);
  const db = postgres(options.url, {
    max: 1,
    onnotice: () => {},
    connection: { plan_cache_mode: "force_custom_plan" },
  });
  const results: QueryResult[] = [];
  try {
    // ---- list pages: first and deep (bench:ledger's cases)
    const ledger = await ledgerCases(db, household, {
      rows: options.rows,
      months: options.months,
      endDate: options.endDate,
    });
    const deep = JSON.parse(await get(ledger.cases[1]!.path)) as { items: { id: string }[] };
    if (deep.items[0]?.id !== ledger.afterDeepId)
      throw new Error("the deep cursor does not continue at the expected row");
    for (const c of ledger.cases.slice(0, 2)) {
      const viaApi = (JSON.parse(await get(c.path)) as { items: { id: string }[] }).items.map((r) => r.id);
      const viaSql = (await db.unsafe<{ id: string }[]>(c.sqlText, c.params, { prepare: true }))
        .slice(0, 50)
        .map((r) => r.id);
      if (viaApi.join() !== viaSql.join()) throw new Error(`${c.name}: the API and the SQL return different rows`);
      const [a, s] = await measurePair(
        () => get(c.path),
        () => db.unsafe(c.sqlText, c.params, { prepare: true }),
        samples,
        warmup,
      );
      results.push({ group: "list", name: `list: ${c.name}`, api: a, sql: s, samples });
      log(`${options.rows} rows: ${c.name}: API p50 ${a.p50.toFixed(2)} ms, SQL p50 ${s.p50.toFixed(2)} ms`);
    }

    // ---- every analytics report and budget status (bench:analytics' cases)
    const cases = await analyticsCases(db, call, household);
    for (const c of cases) {
      const runSql = async () => {
        for (const s of c.sql) await db.unsafe(s.text, s.params as never[], { prepare: true });
      };
      const [a, s] = await measurePair(() => get(c.path), runSql, samples, warmup);
      results.push({ group: "analytics", name: c.name, api: a, sql: s, samples });
      log(`${options.rows} rows: ${c.name}: API p50 ${a.p50.toFixed(2)} ms, SQL p50 ${s.p50.toFixed(2)} ms`);
    }

    // ---- settle-up (bench:living's cases): one month and all history, against the SQL
    // that scans, joins and sums the same candidate rows. Slow by nature: REPS samples.
    const month = `${options.endDate.slice(0, 7)}`;
    const previous = new Date(`${month}-01T00:00:00Z`);
    previous.setUTCMonth(previous.getUTCMonth() - 1);
    const prevMonth = previous.toISOString().slice(0, 7);
    const settleCases = [
      {
        name: `settle-up, one month (${prevMonth})`,
        from: `${prevMonth}-01`,
        to: `${prevMonth}-28`,
        query: `from=${prevMonth}-01&to=${prevMonth}-28`,
      },
      { name: "settle-up, all history", from: "1900-01-01", to: options.endDate, query: `to=${options.endDate}` },
    ];
    for (const c of settleCases) {
      const n = Math.max(1, options.reps);
      const [a, s] = await measurePair(
        () => get(`/settle-up?${c.query}&limit=200`),
        () => db.unsafe(CANDIDATES_SQL, [household.householdId, c.from, c.to], { prepare: true }),
        n,
        1,
      );
      results.push({ group: "settle-up", name: c.name, api: a, sql: s, samples: n });
      log(`${options.rows} rows: ${c.name}: API p50 ${a.p50.toFixed(1)} ms, SQL p50 ${s.p50.toFixed(1)} ms`);
    }

    return { results };
  } finally {
    await db.end({ timeout: 5 });
  }
}
