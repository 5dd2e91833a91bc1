import { Hono } from "hono";
import { ControlError, institutionId as institutionIdOf, integer, readBody, string } from "./control-support";
import { FAULT_KINDS, type FaultRegistry, type FaultSpec } from "./faults";
import { MAX_HISTORY_DAYS } from "./generator";
import { registerLinkFlow } from "./link-flow";
import { isObject } from "./request";
import { type KeyRing, sha256Hex } from "./signing";
import { type EmulatorState, type ItemState, UnknownItemError } from "./state";
import type { AccountKind } from "./types";

/**
 * Emulator-only control API under /__emulator: things a test needs that Plaid has no
 * endpoint for (moving time, injecting faults, reading the truth, rotating keys). No
 * credentials: it exists only on a local emulator. Errors are { error: message }.
 */

interface ControlDeps {
  state: EmulatorState;
  faults: FaultRegistry;
  keys: KeyRing;
}

function item(state: EmulatorState, itemId: string): ItemState {
  const found = state.items.get(itemId);
  if (!found) throw new ControlError(`unknown item_id ${itemId}`, 404);
  return found;
}

function summary(state: EmulatorState, it: ItemState) {
  return {
    item_id: it.itemId,
    institution_id: it.institutionId,
    webhook: it.webhook,
    seed: it.seed,
    transactions: it.ledger.live.size,
    change_log_length: it.ledger.length,
    error_code: it.error?.error_code ?? null,
    accounts: state.accountsJson(it),
  };
}

const ACCOUNT_KINDS: readonly AccountKind[] = ["checking", "savings", "credit card"];

function faultSpec(raw: unknown): FaultSpec {
  if (!isObject(raw)) throw new ControlError("each fault must be an object");
  const kind = string(raw, "kind");
  if (!kind || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new ControlError(`kind must be one of ${FAULT_KINDS.join(", ")}`);
  }
  const endpoint = string(raw, "endpoint");
  if (!endpoint || (endpoint !== "*" && !endpoint.startsWith("/"))) {
    throw new ControlError('endpoint must be a Plaid path such as "/transactions/sync", or "*"');
  }
  const delay = integer(raw, "delay_ms", 0, 600_000);
  if (kind === "DELAY" && delay === undefined) throw new ControlError("DELAY needs delay_ms");
  return {
    endpoint,
    kind: kind as FaultSpec["kind"],
    item_id: string(raw, "item_id"),
    count: integer(raw, "count", 1, 1_000_000),
    delay_ms: delay,
    error_code: string(raw, "error_code"),
  };
}

export function createControlApp({ state, faults, keys }: ControlDeps): Hono {
  const control = new Hono();

  control.onError((error, c) => {
    if (error instanceof ControlError) return c.json(error.body, error.status);
    if (error instanceof UnknownItemError) return c.json({ error: error.message }, 404);
    console.error("plaid emulator control: unexpected error", error);
    return c.json({ error: "internal error" }, 500);
  });

  control.post("/reset", (c) => {
    state.reset();
    faults.clear();
    state.webhooks.clear();
    return c.json({ ok: true, today: state.today() });
  });

  control.get("/clock", (c) => c.json({ today: state.today(), now: state.instant().toISOString() }));

  control.post("/items", async (c) => {
    const body = await readBody(c);
    const institutionId = institutionIdOf(body);
    const webhook = string(body, "webhook");
    const accounts = body.accounts;
    if (
      accounts !== undefined &&
      (!Array.isArray(accounts) ||
        accounts.length === 0 ||
        accounts.some((a) => !ACCOUNT_KINDS.includes(a as AccountKind)) ||
        !accounts.includes("checking"))
    ) {
      throw new ControlError(`accounts must list some of ${ACCOUNT_KINDS.join(", ")}, including checking`);
    }
    const products = body.products;
    if (products !== undefined && (!Array.isArray(products) || products.some((p) => typeof p !== "string"))) {
      throw new ControlError("products must be an array of strings");
    }
    const created = state.createItem({
      institutionId,
      webhook: webhook ?? null,
      seed: integer(body, "seed", 0, 0xffffffff),
      days: integer(body, "days", 1, MAX_HISTORY_DAYS),
      transactions: integer(body, "transactions", 0, 2_000_000),
      accounts: accounts as AccountKind[] | undefined,
      products: products as string[] | undefined,
    });
    const accessToken = state.issueAccessToken(created);
    return c.json({ ...summary(state, created), access_token: accessToken, today: state.today() }, 201);
  });

  control.get("/items", (c) => c.json({ items: [...state.items.values()].map((it) => summary(state, it)) }));

  control.get("/items/:itemId", (c) => c.json(summary(state, item(state, c.req.param("itemId")))));

  control.get("/items/:itemId/truth", (c) => {
    const found = item(state, c.req.param("itemId"));
    const includeOriginalDescription = c.req.query("include_original_description") === "true";
    return c.json(state.truth(found.itemId, { includeOriginalDescription }));
  });

  control.post("/items/:itemId/reset_login", (c) => {
    state.resetLogin(item(state, c.req.param("itemId")));
    return c.json({ ok: true });
  });

  control.post("/items/:itemId/repair", async (c) => {
    const body = await readBody(c);
    const found = item(state, c.req.param("itemId"));
    const announce = body.webhook !== false;
    return c.json({ item_id: found.itemId, repaired: state.repair(found, announce) });
  });

  control.post("/advance", async (c) => {
    const body = await readBody(c);
    const days = integer(body, "days", 0, 3_650);
    if (days === undefined) throw new ControlError("days is required");
    const items = body.items;
    if (items !== undefined && (!Array.isArray(items) || items.some((i) => typeof i !== "string"))) {
      throw new ControlError("items must be an array of item_ids");
    }
    for (const itemId of (items as string[] | undefined) ?? []) item(state, itemId);
    const results = state.advance(days, items as string[] | undefined);
    return c.json({ today: state.today(), items: results });
  });

  control.post("/faults", async (c) => {
    const body = await readBody(c);
    const specs = Array.isArray(body.faults) ? body.faults.map(faultSpec) : [faultSpec(body)];
    return c.json({ faults: specs.map((spec) => faults.add(spec)) }, 201);
  });

  control.get("/faults", (c) => c.json({ faults: faults.list() }));

  control.delete("/faults", (c) => {
    const cleared = faults.list().length;
    faults.clear();
    return c.json({ cleared });
  });

  control.get("/keys", (c) => c.json({ current_kid: keys.currentKid, keys: keys.list() }));

  control.post("/keys/rotate", async (c) => {
    const body = await readBody(c);
    const { kid, previousKid } = keys.rotate({ expirePrevious: body.expire_previous === true });
    return c.json({ kid, previous_kid: previousKid });
  });

  control.post("/keys/expire", async (c) => {
    const body = await readBody(c);
    const kid = string(body, "kid") ?? keys.currentKid;
    const expired = keys.expire(kid, integer(body, "expired_at", 0, 2 ** 31));
    if (!expired) throw new ControlError(`unknown kid ${kid}`, 404);
    return c.json({ key: expired });
  });

  /** Signs an arbitrary body, to build tampered or stale webhooks a receiver must refuse. */
  control.post("/webhooks/sign", async (c) => {
    const body = await readBody(c);
    const raw = string(body, "body");
    if (raw === undefined) throw new ControlError("body (the exact webhook body string) is required");
    const kid = string(body, "kid");
    if (kid !== undefined && !keys.find(kid)) throw new ControlError(`unknown kid ${kid}`, 404);
    const verification = await keys.sign(raw, { iat: integer(body, "iat", 0, 2 ** 31), kid });
    return c.json({ verification, request_body_sha256: sha256Hex(raw) });
  });

  control.get("/webhooks", (c) =>
    c.json({ deliveries: state.webhooks.deliveries({ itemId: c.req.query("item_id") }) }),
  );

  control.post("/webhooks/idle", async (c) => {
    await state.webhooks.idle();
    return c.json({ ok: true });
  });

  registerLinkFlow(control, state);

  return control;
}
