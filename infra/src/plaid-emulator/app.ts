import { Hono } from "hono";
import { createControlApp } from "./control";
import { FaultRegistry, type FaultSpec } from "./faults";
import { registerLinkScript } from "./link-script";
import { registerPlaidRoutes } from "./routes";
import { KeyRing } from "./signing";
import type { AdvanceResult, CreateItemOptions, ItemState, Truth } from "./state";
import { EmulatorState } from "./state";
import { WebhookDispatcher } from "./webhooks";

export const DEFAULT_CLIENT_ID = "tandem-emulator-client";
export const DEFAULT_SECRET = "tandem-emulator-secret";
export const CONTROL_PREFIX = "/__emulator";

export interface PlaidEmulatorOptions {
  /** Root seed: the same seed and the same sequence of calls give the same data. Default 1. */
  seed?: number;
  clientId?: string;
  secret?: string;
  /** The emulator's clock (dates of generated transactions). Default: the real clock. */
  now?: () => Date;
  /**
   * Plaid dashboard's "Allowed redirect URIs" (exact URIs): a link token's redirect_uri
   * outside it fails as Plaid's does. Default: any well-formed redirect_uri is accepted.
   */
  allowedRedirectUris?: string[];
}

export interface CreatedItem {
  item: ItemState;
  itemId: string;
  accessToken: string;
}

export interface PlaidEmulator {
  /** Hono app: Plaid's API at the root, the control API under /__emulator. */
  app: Hono;
  clientId: string;
  secret: string;
  state: EmulatorState;
  faults: FaultRegistry;
  keys: KeyRing;
  webhooks: WebhookDispatcher;
  /** Same as POST /__emulator/items: an Item and an access token, without going through Link. */
  createItem(options?: CreateItemOptions): CreatedItem;
  advance(days: number, itemIds?: string[]): AdvanceResult[];
  truth(itemId: string): Truth;
  addFault(spec: FaultSpec): void;
  reset(): void;
}

export function createPlaidEmulator(options: PlaidEmulatorOptions = {}): PlaidEmulator {
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const secret = options.secret ?? DEFAULT_SECRET;
  const keys = new KeyRing();
  const webhooks = new WebhookDispatcher(keys);
  const state = new EmulatorState(options.seed ?? 1, options.now ?? (() => new Date()), webhooks);
  state.allowedRedirectUris = options.allowedRedirectUris ? [...options.allowedRedirectUris] : null;
  const faults = new FaultRegistry();

  const app = new Hono();
  registerLinkScript(app, CONTROL_PREFIX);
  app.route(CONTROL_PREFIX, createControlApp({ state, faults, keys }));
  registerPlaidRoutes(app, { state, faults, keys, credentials: { clientId, secret } });

  return {
    app,
    clientId,
    secret,
    state,
    faults,
    keys,
    webhooks,
    createItem(itemOptions = {}) {
      const item = state.createItem(itemOptions);
      return { item, itemId: item.itemId, accessToken: state.issueAccessToken(item) };
    },
    advance: (days, itemIds) => state.advance(days, itemIds),
    truth: (itemId) => state.truth(itemId),
    addFault: (spec) => void faults.add(spec),
    reset() {
      state.reset();
      faults.clear();
      webhooks.clear();
    },
  };
}
