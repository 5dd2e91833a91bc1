/**
 * A local, stateful Plaid: the official `plaid` SDK talks to it through `basePath`.
 * Plaid's endpoints at the root, an emulator-only control API under /__emulator.
 */
export {
  CONTROL_PREFIX,
  type CreatedItem,
  createPlaidEmulator,
  DEFAULT_CLIENT_ID,
  DEFAULT_SECRET,
  type PlaidEmulator,
  type PlaidEmulatorOptions,
} from "./app";
export { PlaidApiError, type PlaidErrorBody } from "./errors";
export { FAULT_KINDS, type Fault, type FaultKind, type FaultSpec } from "./faults";
export type { PlaidAccountJson, PlaidTransactionJson } from "./serialize";
export { type RunningPlaidEmulator, type StartOptions, startPlaidEmulator } from "./server";
export { sha256Hex, type WebhookJwk } from "./signing";
export type { AdvanceResult, CreateItemOptions, ItemState, Truth } from "./state";
export type { WebhookDelivery, WebhookPayload } from "./webhooks";
