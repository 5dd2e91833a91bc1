/**
 * Bulk load for the benches: generated transactions COPYed in text format, streamed
 * straight from the generator into the demo household, then VACUUM ANALYZE and a
 * checkpoint, so the timings that follow see a steady-state table.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { type DemoOptions, generateTransactions } from "../demo/generate";
import { DEMO_CATEGORISED_BY, type DemoHousehold } from "../demo/seed";

export const COPY_COLUMNS =
  "household_id, account_id, date, amount, currency, description, merchant, category_id, category_source, categorised_by, source, source_id, pending";

/** COPY text format: backslash, tab, newline and carriage return are escaped; \N is NULL. */
export const copyText = (value: string | null) =>
  value === null
    ? "\\N"
    : value.replace(/[\\\t\n\r]/g, (ch) => (ch === "\\" ? "\\\\" : ch === "\t" ? "\\t" : ch === "\n" ? "\\n" : "\\r"));

export interface LoadOptions {
  /** Exactly this many transactions (the generator's transactionsTarget). */
  rows: number;
  seed: DemoOptions["seed"];
  months: DemoOptions["months"];
  endDate: DemoOptions["endDate"];
  log?: (line: string) => void;
}

/** COPYs `rows` generated transactions into `household` on the database at `url`. */
export async function loadTransactions(url: string, household: DemoHousehold, options: LoadOptions): Promise<void> {
  const { rows, seed, months, endDate, log = () => {} } = options;
  const generatorOptions: DemoOptions = { seed, months, endDate, transactionsTarget: rows };
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    function* chunks() {
      let chunk = "";
      let inChunk = 0;
      for (const t of generateTransactions(generatorOptions)) {
        const categoryId = household.categoryIds.get(t.categoryName)!;
        chunk += `${household.householdId}\t${household.accountIds[t.accountKey]}\t${t.date}\t${t.amount}\tUSD\t${copyText(t.description)}\t${copyText(t.merchant)}\t${categoryId}\trule\t${DEMO_CATEGORISED_BY}\tmanual\t${t.sourceId}\t${t.pending ? "t" : "f"}\n`;
        if (++inChunk === 2_000) {
          yield chunk;
          chunk = "";
          inChunk = 0;
        }
      }
      if (chunk) yield chunk;
    }
    const writable = await sql.unsafe(`copy transactions (${COPY_COLUMNS}) from stdin`).writable();
    await pipeline(Readable.from(chunks()), writable);
    const [loaded] = await sql<{ count: number }[]>`select count(*)::int as count from transactions`;
    const count = loaded?.count;
    if (count !== rows) throw new Error(`loaded ${count} rows, expected ${rows}`);
    // A steady-state table: statistics current and the visibility map set (autovacuum
    // would get there on its own after a bulk insert; the benchmark should not race it).
    await sql`vacuum (analyze) transactions`;
    await sql`analyze`;
    // Flush the load now, so the checkpointer is not writing ~700 MB during the timings.
    await sql`checkpoint`.catch(() => log("CHECKPOINT not permitted for this role; timings may include its I/O"));
  } finally {
    await sql.end({ timeout: 5 });
  }
}
