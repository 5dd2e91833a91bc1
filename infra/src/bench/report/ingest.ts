/**
 * Ingest at one size, with bench:sync's machinery: the API's sync engine (`syncItem`:
 * emulator → official SDK → mapping → categorisation → bulk upsert, one database
 * transaction) from an empty ledger, REPS times; a re-sync with nothing new; raw COPY of
 * the very rows the sync stored into an empty twin of `transactions`; Actual Budget's
 * importTransactions of the same rows (bench/actual, child process).
 */
import { randomBytes } from "node:crypto";
import { openDatabase, schema, seedDefaultCategories } from "@tandem/api";
import postgres from "postgres";
import { createKeyRing } from "../../../../api/src/crypto/fernet";
import { createPlaidClient } from "../../../../api/src/plaid/client";
import { DEFAULT_RETRY } from "../../../../api/src/plaid/sync/retry";
import { type SyncEnv, syncItem } from "../../../../api/src/plaid/sync/run";
import { startPlaidEmulator } from "../../plaid-emulator";
import { scratchDatabase } from "../scratch-database";
import { type ActualRow, timeActualImport } from "../sync/actual";
import { type CopyRow, createCopyTable, timeCopy, toCopyChunks } from "../sync/copy";
import { log, median } from "./common";

export interface IngestResult {
  rows: number;
  sync: number[];
  resync: number[];
  copy: number[];
  actual: { rows: number; seconds: number; version: string } | { rows: number; error: string } | null;
  syncMedian: number;
  resyncMedian: number;
  copyMedian: number;
}

export interface IngestOptions {
  adminUrl: string;
  rows: number;
  reps: number;
  seed: number;
  /** Run Actual's importTransactions; null = skipped (with the reason). */
  actual: { maxRows: number } | { skipped: string };
}

async function settle(sql: postgres.Sql) {
  await sql`checkpoint`.catch(() => {});
}

export async function measureIngest(options: IngestOptions): Promise<IngestResult> {
  const { rows: ROWS, reps, seed } = options;
  const scratch = scratchDatabase("tandem_benchreport_sync", options.adminUrl, log);
  let handle: Awaited<ReturnType<typeof openDatabase>> | undefined;
  let direct: postgres.Sql | undefined;
  let emulator: Awaited<ReturnType<typeof startPlaidEmulator>> | undefined;
  scratch.onCleanup(() => direct?.end({ timeout: 5 }));
  scratch.onCleanup(() => handle?.close());
  scratch.onCleanup(() => emulator?.close());
  try {
    await scratch.create();
    handle = await openDatabase({ url: scratch.url, pool: { max: 4 } });
    await handle.migrate();
    const { db } = handle;
    direct = postgres(scratch.url, { max: 1, onnotice: () => {} });
    const [household] = await db
      .insert(schema.households)
      .values({ name: "Bench Household", baseCurrency: "USD" })
      .returning({ id: schema.households.id });
    const householdId = household!.id;
    const [member] = await db
      .insert(schema.users)
      .values({ householdId, email: "bench@report.tandem", displayName: "Bench", passwordHash: "not-a-login" })
      .returning({ id: schema.users.id });
    await seedDefaultCategories(db, householdId);

    emulator = await startPlaidEmulator({ port: 0, seed });
    const plaidItem = emulator.createItem({ transactions: ROWS, seed });
    const keyRing = createKeyRing([randomBytes(32).toString("hex")]);
    const [item] = await db
      .insert(schema.plaidItems)
      .values({
        householdId,
        linkedBy: member!.id,
        plaidItemId: plaidItem.itemId,
        accessTokenEncrypted: keyRing.encrypt(plaidItem.accessToken),
        institutionId: plaidItem.item.institutionId,
        institutionName: plaidItem.item.institutionName,
      })
      .returning({ id: schema.plaidItems.id });
    const itemId = item!.id;
    const client = createPlaidClient({
      clientId: emulator.clientId,
      secret: emulator.secret,
      env: "sandbox",
      baseUrl: emulator.url,
    });
    const env: SyncEnv = { db, plaid: client, keyRing, retry: DEFAULT_RETRY, now: () => new Date() };

    // Initial sync, from an empty ledger and a null cursor each time.
    const sync: number[] = [];
    for (let run = 1; run <= reps; run++) {
      if (run > 1) {
        await direct`truncate transactions cascade`; // cascade: settlements reference transactions
        await direct`update plaid_items set cursor = null where id = ${itemId}`;
      }
      await settle(direct);
      const started = performance.now();
      const outcome = await syncItem(env, itemId, "link");
      sync.push((performance.now() - started) / 1000);
      if (outcome.status !== "success" || outcome.added !== ROWS)
        throw new Error(`initial sync: ${outcome.status}, added ${outcome.added} of ${ROWS}`);
      log(`${ROWS} rows: initial sync ${run}/${reps}: ${sync.at(-1)!.toFixed(2)} s`);
    }
    const [stored] = await direct<{ n: number }[]>`select count(*)::int as n from transactions where source = 'plaid'`;
    if (stored!.n !== emulator.truth(plaidItem.itemId).transactions.length)
      throw new Error("stored rows differ from the emulator's truth");

    // Re-sync, nothing new.
    await settle(direct);
    const resync: number[] = [];
    for (let run = 1; run <= reps; run++) {
      const started = performance.now();
      const outcome = await syncItem(env, itemId, "manual");
      resync.push((performance.now() - started) / 1000);
      if (outcome.status !== "success" || outcome.added + outcome.modified + outcome.removed !== 0)
        throw new Error(`re-sync changed rows or failed: ${JSON.stringify(outcome)}`);
    }

    // The same rows, read back as the sync stored them; COPY into an empty twin.
    const storedRows = await direct<(Omit<CopyRow, "pending"> & { pending: boolean })[]>`
      select household_id, account_id, date::text as date, amount::text as amount, currency, description, merchant,
             category_id, category_source::text as category_source, categorised_by, notes, source::text as source,
             source_id, pending, plaid_category, plaid_category_confidence, edited_fields::text as edited_fields
        from transactions where household_id = ${householdId} order by date, source_id`;
    const chunks = toCopyChunks(storedRows.map((r) => ({ ...r, pending: r.pending ? "t" : "f" })));
    await createCopyTable(direct, "bench_copy");
    const copy: number[] = [];
    for (let run = 1; run <= reps; run++) {
      if (run > 1) await direct`truncate bench_copy`;
      await settle(direct);
      copy.push(await timeCopy(direct, "bench_copy", chunks));
      const [copied] = await direct<{ n: number }[]>`select count(*)::int as n from bench_copy`;
      if (copied!.n !== ROWS) throw new Error(`COPY loaded ${copied!.n} rows, expected ${ROWS}`);
    }
    log(`${ROWS} rows: re-sync ${median(resync).toFixed(3)} s, COPY ${median(copy).toFixed(2)} s (medians)`);

    let actual: IngestResult["actual"] = null;
    if ("maxRows" in options.actual) {
      const size = Math.min(ROWS, options.actual.maxRows);
      const slice = storedRows.slice(0, size).map(
        (r): ActualRow => ({
          date: r.date!,
          amount: Number(r.amount),
          payee_name: r.merchant ?? r.description!,
          imported_payee: r.description!,
          imported_id: r.source_id!,
          cleared: !r.pending,
        }),
      );
      try {
        log(`${ROWS} rows: Actual importTransactions of ${size} rows (one call)`);
        const result = await timeActualImport(slice, { reimport: false, log });
        if (result.added !== size) throw new Error(`Actual added ${result.added} of ${size} rows`);
        actual = { rows: size, seconds: result.seconds, version: result.version };
        log(`${ROWS} rows: Actual ${result.seconds.toFixed(2)} s`);
      } catch (error) {
        actual = { rows: size, error: (error as Error).message.split("\n")[0]! };
        log(`Actual failed: ${actual.error}`);
      }
    }
    return {
      rows: ROWS,
      sync,
      resync,
      copy,
      actual,
      syncMedian: median(sync),
      resyncMedian: median(resync),
      copyMedian: median(copy),
    };
  } finally {
    await scratch.cleanup();
  }
}
