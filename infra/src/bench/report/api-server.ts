/**
 * The real API in its own process, for the HTTP load test (so the load generator does not
 * share its event loop): started as bench:ledger starts it, alex signed in; prints one JSON
 * line { base, authorization } on stdout and serves until SIGTERM.
 */
import { startBenchApi } from "../setup";

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error("BENCH_DATABASE_URL is required");
const api = await startBenchApi(url);
process.stdout.write(`${JSON.stringify({ base: api.base, authorization: api.headers.authorization })}\n`);
const stop = () => {
  void api.server.close().finally(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
