/**
 * The ledger loader's work (dashboard/src/data/ledger.json.ts), timed phase by phase, in
 * its own process as Framework runs it. Spawned by bench/dashboard.ts with the loader's
 * environment; prints one JSON line of milliseconds on stdout, nothing else.
 *
 * Static imports are evaluated before this module's body, so performance.now() at the
 * top of the body is process start-up plus loading the loader's modules (tsx, danfo).
 */
import type { DashboardTransactionPage } from "@tandem/shared";
import { buildLedger } from "../../../dashboard/loaders/ledger";
import { type ApiClient, loaderEnvironment, sealedOutput } from "../../../dashboard/loaders/run";
import { LEDGER_LABEL } from "../../../dashboard/src/components/ledger-data";

export interface LoaderPhases {
  /** Process start → this module's body: Node, tsx and the loader's imports. */
  startup: number;
  /** The API calls: household (for the seal key) and every transaction page, until the last. */
  fetch: number;
  /** Last page in → LedgerData built: the danfo aggregations (and the last page's concatenation). */
  aggregate: number;
  /** JSON.stringify + AES-GCM seal of the result. */
  seal: number;
  pages: number;
  outputBytes: number;
}

const startup = performance.now();
const env = loaderEnvironment(process.env);
const begun = performance.now();
let fetched = 0;
let built = 0;
let pages = 0;

const output = await sealedOutput(LEDGER_LABEL, env, async (api: ApiClient) => {
  const timed: ApiClient = {
    ...api,
    async *allDashboardTransactions(limit?: number): AsyncGenerator<DashboardTransactionPage> {
      for await (const page of api.allDashboardTransactions(limit)) {
        pages++;
        yield page;
      }
      fetched = performance.now();
    },
  };
  const ledger = await buildLedger(timed);
  built = performance.now();
  return ledger;
});
const sealed = performance.now();

const phases: LoaderPhases = {
  startup,
  fetch: fetched - begun,
  aggregate: built - fetched,
  seal: sealed - built,
  pages,
  outputBytes: Buffer.byteLength(output),
};
process.stdout.write(`${JSON.stringify(phases)}\n`);
