import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createPlaidEmulator, type PlaidEmulator, type PlaidEmulatorOptions } from "./app";

export interface StartOptions extends PlaidEmulatorOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the emulator accepts any caller that knows the default credentials. */
  hostname?: string;
}

export interface RunningPlaidEmulator extends PlaidEmulator {
  /** Base URL for the SDK's basePath, without a trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startPlaidEmulator(options: StartOptions = {}): Promise<RunningPlaidEmulator> {
  const emulator = createPlaidEmulator(options);
  const hostname = options.hostname ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: emulator.app.fetch, port: options.port ?? 0, hostname }, () => resolve(started));
    started.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return {
    ...emulator,
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      await emulator.webhooks.idle();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets (the SDK's axios agent) would otherwise hold close() open.
        if ("closeAllConnections" in server) server.closeAllConnections();
      });
    },
  };
}
