/**
 * The frame every loader runs in: read the environment, open the API with the read-only
 * key, build the data, seal it for the household and print it. Any failure ends the
 * build with a message that says what to fix; a loader never prints empty data.
 */
import { ApiUnreachableError, createApiClient, deriveHouseholdSealKey, parseSealMasterKey } from "@tandem/shared";
import { seal } from "../src/components/sealed";

export type ApiClient = ReturnType<typeof createApiClient>;

export interface LoaderEnvironment {
  apiUrl: string;
  apiKey: string;
  sealKey: string;
}

class LoaderConfigError extends Error {}

export function loaderEnvironment(env: NodeJS.ProcessEnv): LoaderEnvironment {
  const missing = ["TANDEM_API_URL", "TANDEM_API_KEY", "DASHBOARD_SEAL_KEY"].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new LoaderConfigError(
      `Set ${missing.join(", ")}: the API's URL, a read-only API key of the household, and the seal key the API also has.`,
    );
  }
  return { apiUrl: env.TANDEM_API_URL!, apiKey: env.TANDEM_API_KEY!, sealKey: env.DASHBOARD_SEAL_KEY! };
}

export async function sealedOutput<T>(
  label: string,
  env: LoaderEnvironment,
  build: (api: ApiClient) => Promise<T>,
): Promise<string> {
  const api = createApiClient({ baseUrl: env.apiUrl, token: env.apiKey });
  const household = await api.household();
  const key = await deriveHouseholdSealKey(parseSealMasterKey(env.sealKey), household.id);
  return JSON.stringify(await seal(await build(api), key, label));
}

export async function runLoader<T>(label: string, build: (api: ApiClient) => Promise<T>): Promise<void> {
  try {
    process.stdout.write(await sealedOutput(label, loaderEnvironment(process.env), build));
  } catch (error) {
    const reason =
      error instanceof LoaderConfigError || error instanceof ApiUnreachableError
        ? error.message
        : error instanceof Error
          ? `${error.name}: ${error.message}`
          : String(error);
    process.stderr.write(`\nThe dashboard's ${label} data could not be built. ${reason}\n`);
    process.exitCode = 1;
  }
}
