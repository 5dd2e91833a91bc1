// Sealed monthly flows, merchant spending and month-end balances for the charts.
import { buildLedger } from "../../loaders/ledger";
import { runLoader } from "../../loaders/run";
import { LEDGER_LABEL } from "../components/ledger-data";

await runLoader(LEDGER_LABEL, (api) => buildLedger(api));
