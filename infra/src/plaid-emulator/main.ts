/**
 * `npx tsx infra/src/plaid-emulator/main.ts`: a Plaid emulator on PLAID_EMULATOR_PORT
 * (default 4010). PLAID_EMULATOR_SEED, PLAID_EMULATOR_HOST, PLAID_EMULATOR_CLIENT_ID and
 * PLAID_EMULATOR_SECRET override the defaults (own names, so real Plaid keys in the
 * environment are never what the emulator asks for).
 */
import { startPlaidEmulator } from "./index";

function envInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

async function main() {
  const emulator = await startPlaidEmulator({
    port: envInteger("PLAID_EMULATOR_PORT", 4010),
    hostname: process.env.PLAID_EMULATOR_HOST || undefined,
    seed: envInteger("PLAID_EMULATOR_SEED", 1),
    clientId: process.env.PLAID_EMULATOR_CLIENT_ID || undefined,
    secret: process.env.PLAID_EMULATOR_SECRET || undefined,
  });
  console.log(`Plaid emulator: ${emulator.url}`);
  console.log(`Credentials: client_id ${emulator.clientId} (secret: the default unless PLAID_EMULATOR_SECRET is set)`);

  const stop = async () => {
    await emulator.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
