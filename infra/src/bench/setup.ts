/** The setup the benches share: the seeded household in the scratch database, and the real API signed in. */
import { randomBytes } from "node:crypto";
import { loadEnv, openDatabase, type RunningServer, startServer } from "@tandem/api";
import { createDemoHousehold, DEMO_EMAILS, DEMO_PASSWORD, type DemoHousehold, hashDemoPasswords } from "../demo/seed";
import { type LoadOptions, loadTransactions } from "./load";

/** Migrates the database at `url`, seeds the demo household and COPYs the generated transactions into it. */
export async function seedBenchHousehold(url: string, load: LoadOptions): Promise<DemoHousehold> {
  const handle = await openDatabase({ url, pool: { max: 2 } });
  let household: DemoHousehold;
  try {
    await handle.migrate();
    household = await createDemoHousehold(handle.db, await hashDemoPasswords());
  } finally {
    await handle.close();
  }
  await loadTransactions(url, household, load);
  return household;
}

export interface BenchApi {
  server: RunningServer;
  /** The API's URL on 127.0.0.1 (no name lookup in the timings). */
  base: string;
  /** A bearer header for the demo member alex. */
  headers: { authorization: string };
}

/** The real API, as production runs it, on a free port, with alex signed in. */
export async function startBenchApi(databaseUrl: string): Promise<BenchApi> {
  const server = await startServer(
    loadEnv({
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      API_PORT: "0",
      JWT_SECRET: randomBytes(32).toString("hex"),
      ACCESS_TOKEN_TTL_SECONDS: "3600",
      DASHBOARD_ORIGIN: "http://localhost:3001",
      DASHBOARD_SEAL_KEY: randomBytes(32).toString("base64"),
    }),
    { hostname: "127.0.0.1" },
  );
  const base = server.url.replace("localhost", "127.0.0.1");
  const login = await fetch(`${base}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: DEMO_EMAILS.alex, password: DEMO_PASSWORD }),
  });
  if (login.status !== 200) {
    await server.close();
    throw new Error(`login failed: ${login.status} ${await login.text()}`);
  }
  const { accessToken } = (await login.json()) as { accessToken: string };
  return { server, base, headers: { authorization: `Bearer ${accessToken}` } };
}
