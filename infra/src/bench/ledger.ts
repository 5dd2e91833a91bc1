import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import type { RunningServer } from "@tandem/api";
import postgres from "postgres";
import { encodeCursor } from "../../../api/src/domain/keyset";
import { describePlan } from "../demo/generate";
import type { DemoHousehold } from "../demo/seed";
import { intEnv, isMain, measure, measurePair, type Stats } from "./measure";
import { scratchDatabase } from "./scratch-database";
import { seedBenchHousehold, startBenchApi } from "./setup";

const ADMIN_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ROWS = intEnv("BENCH_ROWS", 1_000_000);
const MONTHS = intEnv("BENCH_MONTHS", 120);
const SAMPLES = intEnv("BENCH_SAMPLES", 300);
const WARMUP = intEnv("BENCH_WARMUP", 50);
const SEED = intEnv("BENCH_SEED", 1);
const END_DATE = "2026-03-15";
const DEFAULT_END_DATE = END_DATE;
const LIMIT = 50;
const TARGET_P99_MS = 10;
const TARGET_RATIO = 1.5;

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------
// Statistics

const ms = (value: number) => value.toFixed(2);

// ---------------------------------------------------------------------------------------
// Cases: the API request and the SQL the API should be running for it.

const COLUMNS =
  "id, household_id, account_id, date, amount, currency, description, merchant, category_id, category_source, categorised_by, notes, source, source_id, pending, created_at, updated_at";

export interface Case {
  name: string;
  path: string;
  sqlText: string;
  params: (string | number)[];
}

interface Row {
  id: string;
  date: string;
}

/**
 * The list cases (first page, deep page, filters, sort, a no-match search) for the household,
 * each with the SQL the API should be running for it. Exported for bench/report.ts.
 */
export async function ledgerCases(
  db: postgres.Sql,
  household: DemoHousehold,
  options: { rows: number; months: number; endDate?: string },
): Promise<{ cases: Case[]; noMatch: Case; deepCursor: string; afterDeepId: string | undefined }> {
  const END_DATE = options.endDate ?? DEFAULT_END_DATE;
  const hid = household.householdId;
  // Deep page: the cursor the API would hand out after `depth` rows, i.e. the row at
  // that depth encoded exactly as api/src/domain/keyset.ts does.
  const depth = Math.max(1, Math.min(900_000, Math.floor(options.rows * 0.9)));
  const [deepRow] = await db<Row[]>`
      select id, date::text as date from transactions where household_id = ${hid}
      order by date desc, id desc offset ${depth - 1} limit 1`;
  const deepCursor = encodeCursor({ sort: "date", order: "desc", value: deepRow!.date, id: deepRow!.id });
  const [afterDeep] = await db<Row[]>`
      select id from transactions where household_id = ${hid}
      order by date desc, id desc offset ${depth} limit 1`;

  // A quarter in the middle of the history, on the busiest card.
  const from = `${Number(END_DATE.slice(0, 4)) - Math.max(1, Math.floor(options.months / 24))}-01-01`;
  const to = from.replace("-01-01", "-03-31");
  const accountId = household.accountIds["alex-card"];
  const categoryId = household.categoryIds.get("Groceries")!;
  const q = "trader";

  const select = `select ${COLUMNS} from transactions`;
  const byDate = "order by date desc, id desc limit 51";
  const cases: Case[] = [
    {
      name: "first page",
      path: `/transactions?limit=${LIMIT}`,
      sqlText: `${select} where household_id = $1 ${byDate}`,
      params: [hid],
    },
    {
      name: `deep page (${depth.toLocaleString("en-US")} rows in)`,
      path: `/transactions?limit=${LIMIT}&cursor=${deepCursor}`,
      sqlText: `${select} where household_id = $1 and (date, id) < ($2::date, $3::uuid) ${byDate}`,
      params: [hid, deepRow!.date, deepRow!.id],
    },
    {
      name: "account + date range",
      path: `/transactions?limit=${LIMIT}&accountId=${accountId}&from=${from}&to=${to}`,
      sqlText: `${select} where household_id = $1 and date >= $2 and date <= $3 and account_id = $4 ${byDate}`,
      params: [hid, from, to, accountId],
    },
    {
      name: "category",
      path: `/transactions?limit=${LIMIT}&categoryId=${categoryId}`,
      sqlText: `${select} where household_id = $1 and category_id = $2 ${byDate}`,
      params: [hid, categoryId],
    },
    {
      name: `text search q=${q}`,
      path: `/transactions?limit=${LIMIT}&q=${q}`,
      sqlText: `${select} where household_id = $1 and (description || ' ' || coalesce(merchant, '')) ilike $2 ${byDate}`,
      params: [hid, `%${q}%`],
    },
    {
      name: "sort=amount",
      path: `/transactions?limit=${LIMIT}&sort=amount`,
      sqlText: `${select} where household_id = $1 order by amount desc, id desc limit 51`,
      params: [hid],
    },
  ];

  // Beyond the brief's cases: a search term that matches nothing, the case the trigram
  // index exists for (without it this walks every row of the household).
  const noMatch: Case = {
    name: "text search, no match (q=zzqx)",
    path: `/transactions?limit=${LIMIT}&q=zzqx`,
    sqlText: cases[4]!.sqlText,
    params: [hid, "%zzqx%"],
  };

  return { cases, noMatch, deepCursor, afterDeepId: afterDeep?.id };
}

async function main() {
  const scratch = scratchDatabase("tandem_bench", ADMIN_URL, log);
  const { name, admin, cleanup } = scratch;
  let server: RunningServer | undefined;
  let direct: postgres.Sql | undefined;
  let bare: Server | undefined;
  scratch.onCleanup(() => direct?.end({ timeout: 5 }));
  scratch.onCleanup(() => bare?.close());
  scratch.onCleanup(() => server?.close());

  try {
    const plan = describePlan({ seed: SEED, months: MONTHS, endDate: END_DATE, transactionsTarget: ROWS });
    const [serverInfo] = await admin<{ version: string; shared_buffers: string }[]>`
      select current_setting('server_version') as version, current_setting('shared_buffers') as shared_buffers`;
    const { version, shared_buffers } = serverInfo!;
    await scratch.create();
    log(`created ${name}; loading ${ROWS.toLocaleString("en-US")} transactions (${plan.start} .. ${plan.end})`);

    const started = performance.now();
    const household = await seedBenchHousehold(scratch.url, {
      rows: ROWS,
      seed: SEED,
      months: MONTHS,
      endDate: END_DATE,
      log,
    });
    const loadTime = seconds(started);
    log(`migrated, seeded and loaded (COPY + VACUUM ANALYZE) in ${loadTime}`);

    // The real API, as `npm start` runs it, on a free port; real HTTP with keep-alive.
    const benchApi = await startBenchApi(scratch.url);
    server = benchApi.server;
    const { base, headers } = benchApi;
    const api = async (path: string) => {
      const response = await fetch(`${base}${path}`, { headers });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${body}`);
      return body;
    };

    // The same session settings as the API's pool, so both sides plan alike.
    direct = postgres(scratch.url, {
      max: 1,
      onnotice: () => {},
      connection: { plan_cache_mode: "force_custom_plan" },
    });
    const db = direct;
    const hid = household.householdId;

    const { cases, noMatch, deepCursor, afterDeepId } = await ledgerCases(db, household, {
      rows: ROWS,
      months: MONTHS,
    });
    const deepPage = JSON.parse(await api(`/transactions?limit=${LIMIT}&cursor=${deepCursor}`)) as { items: Row[] };
    if (deepPage.items[0]?.id !== afterDeepId) throw new Error("the deep cursor does not continue at the expected row");

    // Warm the freshly started server's code paths (JIT) on every case before timing any.
    for (let i = 0; i < WARMUP; i++) for (const c of cases) await api(c.path);

    const loadBefore = os.loadavg()[0]!;
    const results: { name: string; api: Stats; sql: Stats; samples: number }[] = [];
    for (const c of [...cases, noMatch]) {
      // Same rows from both, or the comparison means nothing.
      const viaApi = (JSON.parse(await api(c.path)) as { items: Row[] }).items.map((r) => r.id);
      const viaSql = (await db.unsafe<Row[]>(c.sqlText, c.params, { prepare: true })).slice(0, LIMIT).map((r) => r.id);
      if (viaApi.join() !== viaSql.join()) throw new Error(`${c.name}: the API and the SQL return different rows`);
      // The full scan is slow by nature: fewer samples keep the run within minutes.
      const [samples, warmup] = c === noMatch ? [Math.min(SAMPLES, 30), Math.min(WARMUP, 3)] : [SAMPLES, WARMUP];
      const [apiStats, sqlStats] = await measurePair(
        () => api(c.path),
        () => db.unsafe(c.sqlText, c.params, { prepare: true }),
        samples,
        warmup,
      );
      results.push({ name: c.name, api: apiStats, sql: sqlStats, samples });
      log(`${c.name}: API p50 ${ms(apiStats.p50)} ms, SQL p50 ${ms(sqlStats.p50)} ms`);
    }

    // Where the API's time goes, measured the same way.
    const firstPageBody = await api(cases[0]!.path);
    bare = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(firstPageBody);
    });
    const bareServer = bare;
    await new Promise<void>((resolve) => bareServer.listen(0, "127.0.0.1", resolve));
    const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/`;
    const transport = await measure(async () => (await fetch(bareUrl)).text(), SAMPLES, WARMUP);
    const floor = await measure(async () => (await fetch(`${base}/no-such-route`)).text(), SAMPLES, WARMUP);
    // The exact statements drizzle sends, and the way it sends them: unnamed, so
    // postgres.js first asks the server to describe the parameters (an extra round trip).
    const lookupText = `select "id" from "users" where ("users"."id" = $1 and "users"."household_id" = $2)`;
    const lookupParams = [household.userIds.alex, hid];
    const [lookupPrepared, lookupUnprepared] = await measurePair(
      () => db.unsafe(lookupText, lookupParams, { prepare: true }),
      () => db.unsafe(lookupText, lookupParams),
      SAMPLES,
      WARMUP,
    );
    const [firstPrepared, firstUnprepared] = await measurePair(
      () => db.unsafe(cases[0]!.sqlText, cases[0]!.params, { prepare: true }),
      () => db.unsafe(cases[0]!.sqlText, cases[0]!.params),
      SAMPLES,
      WARMUP,
    );
    const tinyPage = await measure(() => api("/transactions?limit=1"), SAMPLES, WARMUP);
    const loadAfter = os.loadavg()[0]!;

    const [sized] = await db<{ size: string }[]>`select pg_size_pretty(pg_total_relation_size('transactions')) as size`;
    const size = sized!.size;

    // ---- report (stdout)
    const cpus = os.cpus();
    const out: string[] = [];
    out.push(`## Ledger benchmark: ${ROWS.toLocaleString("en-US")} transactions, one household`);
    out.push("");
    out.push(
      `Machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown"}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
        `${os.platform()} ${os.release()}; Node ${process.version}; PostgreSQL ${version} on the same machine (shared_buffers ${shared_buffers}); ` +
        `1-min load average ${loadBefore.toFixed(2)} before the timings, ${loadAfter.toFixed(2)} after.`,
    );
    out.push(
      `Data: ${plan.start} .. ${plan.end} (${MONTHS} months), table + indexes ${size}; load (COPY + VACUUM ANALYZE) ${loadTime}.`,
    );
    out.push(
      `Method: per case ${WARMUP} warm-up then ${SAMPLES} timed sequential requests (unless noted), API and SQL alternating. ` +
        "API = GET over HTTP keep-alive (fetch) to the real server started in this process (auth + validation + query + JSON); " +
        `SQL = the same statement through postgres.js, prepared, LIMIT ${LIMIT + 1}. Times in ms.`,
    );
    out.push("");
    out.push("| case | API p50 | API p99 | API mean | SQL p50 | SQL p99 | SQL mean | API/SQL (p50) |");
    out.push("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of results) {
      const note = r.samples === SAMPLES ? "" : ` (${r.samples} samples)`;
      out.push(
        `| ${r.name}${note} | ${ms(r.api.p50)} | ${ms(r.api.p99)} | ${ms(r.api.mean)} | ${ms(r.sql.p50)} | ${ms(r.sql.p99)} | ${ms(r.sql.mean)} | ${(r.api.p50 / r.sql.p50).toFixed(1)}x |`,
      );
    }
    out.push("");
    const required = results.slice(0, cases.length);
    const worstP99 = required.reduce((worst, r) => (r.api.p99 > worst.api.p99 ? r : worst));
    const worstRatio = required.reduce((worst, r) =>
      r.api.p50 / r.sql.p50 > worst.api.p50 / worst.sql.p50 ? r : worst,
    );
    out.push(
      `Target: list p99 <= ${TARGET_P99_MS} ms at any depth: ${worstP99.api.p99 <= TARGET_P99_MS ? "MET" : "MISSED"} ` +
        `(worst API p99 ${ms(worstP99.api.p99)} ms, ${worstP99.name}; the no-match search is reported, not counted).`,
    );
    out.push(
      `Target: API <= ${TARGET_RATIO}x direct SQL: ${worstRatio.api.p50 / worstRatio.sql.p50 <= TARGET_RATIO ? "MET" : "MISSED"} ` +
        `(worst p50 ratio ${(worstRatio.api.p50 / worstRatio.sql.p50).toFixed(1)}x, ${worstRatio.name}).`,
    );
    out.push("");
    out.push("Where the API's time goes (p50 / p99 ms):");
    out.push(
      `- transport only: the first page's ${firstPageBody.length} bytes from a bare node:http server, via fetch: ${ms(transport.p50)} / ${ms(transport.p99)}`,
    );
    out.push(`- HTTP + the app's global middleware, no auth, no DB (a 404): ${ms(floor.p50)} / ${ms(floor.p99)}`);
    out.push(
      `- auth middleware's member lookup per request: prepared ${ms(lookupPrepared.p50)} / ${ms(lookupPrepared.p99)}, ` +
        `unprepared (drizzle's default, which the API overrides) ${ms(lookupUnprepared.p50)} / ${ms(lookupUnprepared.p99)}`,
    );
    out.push(
      `- first-page SQL: prepared ${ms(firstPrepared.p50)} / ${ms(firstPrepared.p99)}, ` +
        `unprepared (drizzle's default, which the API overrides) ${ms(firstUnprepared.p50)} / ${ms(firstUnprepared.p99)}`,
    );
    out.push(
      `- GET /transactions?limit=1 (everything but the 50-row payload): ${ms(tinyPage.p50)} / ${ms(tinyPage.p99)}`,
    );

    if (process.env.BENCH_EXPLAIN === "1") {
      for (const c of [...cases, noMatch]) {
        const plan = await db.unsafe<{ "QUERY PLAN": string }[]>(`explain (analyze, buffers) ${c.sqlText}`, c.params);
        out.push("", `EXPLAIN ANALYZE — ${c.name}:`, "```", ...plan.map((line) => line["QUERY PLAN"]), "```");
      }
    }
    process.stdout.write(`${out.join("\n")}\n`);
  } finally {
    await cleanup();
  }
}

if (isMain(import.meta.url))
  main().catch((error: Error) => {
    console.error(error);
    process.exitCode = 1;
  });
