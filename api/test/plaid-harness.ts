import { type RunningPlaidEmulator, startPlaidEmulator } from "../../infra/src/plaid-emulator";
import { createKeyRing } from "../src/crypto/fernet";
import { createPlaidClient } from "../src/plaid/client";
import { createPlaidService, type PlaidService } from "../src/plaid/service";
import { createTestApi, type TestApi } from "./harness";

export const TEST_APP_SECRET_KEYS = ["test-app-secret-key-0123456789abcdef-current"];

export interface PlaidTestApi extends TestApi {
  emulator: RunningPlaidEmulator;
  plaid: PlaidService;
}

/**
 * The API with Plaid switched on, talking through the real SDK to our emulator on a
 * real port. Retries back off in milliseconds so fault tests stay fast.
 */
export async function createPlaidTestApi(options: { webhookUrl?: string; seed?: number } = {}): Promise<PlaidTestApi> {
  const emulator = await startPlaidEmulator({ port: 0, seed: options.seed ?? 7 });
  let plaid: PlaidService | undefined;
  const api = await createTestApi({}, ({ db, now }) => {
    plaid = createPlaidService({
      db,
      now,
      client: createPlaidClient({ clientId: emulator.clientId, secret: emulator.secret, env: "sandbox", baseUrl: emulator.url }),
      keyRing: createKeyRing(TEST_APP_SECRET_KEYS),
      retry: { attempts: 5, baseDelayMs: 2, maxDelayMs: 20 },
      settings: { webhookUrl: options.webhookUrl ?? null, countryCodes: ["US"], manualSyncCooldownSeconds: 30 },
    });
    return { plaid };
  });
  return {
    ...api,
    emulator,
    plaid: plaid!,
    async close() {
      await plaid!.queue.idle();
      await api.close();
      await emulator.close();
    },
  };
}

/** Links an emulator bank for a member the way the dashboard will: sandbox public token → exchange. */
export async function linkBank(api: PlaidTestApi, token: string, institutionId = "ins_109508") {
  const { data } = await api.plaid.client.sandboxPublicTokenCreate({
    institution_id: institutionId,
    initial_products: ["transactions" as never],
  });
  const reply = await api.request<{ id: string }>("POST", "/plaid/exchange", { token, body: { publicToken: data.public_token } });
  if (reply.status !== 201) throw new Error(`exchange failed: ${JSON.stringify(reply.body)}`);
  await api.plaid.queue.idle();
  return reply.body;
}
