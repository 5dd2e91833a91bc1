/**
 * Bench-only child process of `npm run bench:sync` (infra/src/bench/sync.ts): times Actual
 * Budget's `importTransactions` on the rows the parent hands over. It lives in this
 * non-workspace package so Actual and its native dependency (better-sqlite3) stay out of
 * the workspace's install.
 *
 *   node bench/actual/import.mjs <rows.json> <dataDir>
 *
 * rows.json: [{ date, amount (integer cents, negative = outflow), payee_name,
 * imported_payee, imported_id, notes?, cleared }]. dataDir must exist and be empty; the
 * parent removes it. Prints one JSON line on stdout: { rows, seconds, added, updated,
 * errors, reimport: { seconds, added, updated } }. Everything else goes to stderr.
 */
import { readFile } from "node:fs/promises";
import * as actual from "@actual-app/api";

const [rowsPath, dataDir] = process.argv.slice(2);
if (!rowsPath || !dataDir) {
  process.stderr.write("usage: node import.mjs <rows.json> <dataDir>\n");
  process.exit(2);
}

// Actual logs through console.log; keep stdout for the one result line.
const stdoutWrite = process.stdout.write.bind(process.stdout);
console.log = (...args) => console.error(...args);
console.info = (...args) => console.error(...args);

const rows = JSON.parse(await readFile(rowsPath, "utf8"));
const reimport = process.env.ACTUAL_REIMPORT === "1";

const lib = await actual.init({ dataDir, verbose: false });
try {
  // A local budget as the app creates one (normal sync mode, not runImport's bulk
  // "import" mode), no server.
  const created = await lib.send("create-budget", { budgetName: "Tandem bench", avoidUpload: true });
  if (created?.error) throw new Error(`create-budget: ${created.error}`);
  const accountId = await actual.createAccount({ name: "Bench checking", offbudget: false }, 0);

  let started = performance.now();
  const result = await actual.importTransactions(accountId, rows);
  const seconds = (performance.now() - started) / 1000;
  if (result.errors?.length) throw new Error(`importTransactions: ${result.errors[0].message}`);

  const out = {
    rows: rows.length,
    seconds,
    added: result.added.length,
    updated: result.updated.length,
    errors: result.errors?.length ?? 0,
  };
  if (reimport) {
    // The same rows again: imported_id dedup should add nothing.
    started = performance.now();
    const again = await actual.importTransactions(accountId, rows);
    out.reimport = {
      seconds: (performance.now() - started) / 1000,
      added: again.added.length,
      updated: again.updated.length,
    };
  }
  stdoutWrite(`${JSON.stringify(out)}\n`);
} finally {
  await actual.shutdown();
}
