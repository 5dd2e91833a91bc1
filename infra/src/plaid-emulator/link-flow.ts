import type { Context, Hono } from "hono";
import { INSTITUTIONS, isOAuthInstitution } from "./catalog";
import { ControlError, institutionId as institutionIdOf, readBody, string } from "./control-support";
import { linkErrors } from "./errors";
import { bankPage, checkRedirectUri, EXPIRED_BANK_PAGE, oauthStateIdOf, receivedRedirectUri } from "./oauth";
import type { EmulatorState, ItemState, LinkTokenInfo } from "./state";

/**
 * The member's side of Plaid Link, for the stand-in Link script and for tests (under
 * /__emulator): finishing Link, and an OAuth bank's round trip. With a link token that has
 * a redirect_uri, choosing an OAuth bank answers `oauth` (where the bank's page is) instead
 * of finishing; the bank's page sends the browser back to redirect_uri?oauth_state_id=…, and
 * Link re-created with `received_redirect_uri` finishes for the bank chosen before leaving.
 * Without a redirect_uri an OAuth bank finishes in place, as Plaid's desktop web Link does
 * by opening the bank in a pop-up window.
 */

function institutionJson(item: ItemState) {
  return { institution_id: item.institutionId, name: INSTITUTIONS[item.institutionId] ?? item.institutionName };
}

function accountsJson(item: ItemState) {
  return item.accounts.map((a) => ({
    id: a.accountId,
    name: a.name,
    mask: a.mask,
    type: a.kind === "credit card" ? "credit" : "depository",
    subtype: a.kind,
  }));
}

/** Link's success: a new Item and its public_token, or in update mode the Item's login repaired. */
function finish(state: EmulatorState, info: LinkTokenInfo, institutionId: string | undefined) {
  if (info.itemId) {
    const repaired = state.requireItem(info.itemId);
    state.repair(repaired, false);
    return {
      item_id: repaired.itemId,
      update_mode: true,
      metadata: { institution: institutionJson(repaired), accounts: accountsJson(repaired) },
    };
  }
  const created = state.createItem({ institutionId, products: info.products, webhook: info.webhook });
  return {
    public_token: state.issuePublicToken(created),
    update_mode: false,
    metadata: { institution: institutionJson(created), accounts: accountsJson(created) },
  };
}

const invalidOAuthState = (message: string) =>
  new ControlError(message, 400, { error: linkErrors.invalidOAuthState(), exitStatus: "requires_oauth" });

/** Link re-created after the bank's redirect: the state id must be this token's, back from the bank, unused. */
function resume(state: EmulatorState, info: LinkTokenInfo, received: string) {
  const id = oauthStateIdOf(received, info.redirectUri);
  const entry = id ? state.findOAuthState(id) : undefined;
  if (!id || !entry) throw invalidOAuthState("received_redirect_uri has no known oauth_state_id for this link token");
  if (entry.linkToken !== info.linkToken) throw invalidOAuthState("the oauth_state_id belongs to another link token");
  if (entry.decision === null) throw invalidOAuthState("the member has not come back from the bank");
  state.oauthStates.delete(id);
  if (entry.decision === "denied") {
    throw new ControlError("the member denied access at the bank", 400, { error: null, exitStatus: "requires_oauth" });
  }
  return finish(state, info, entry.institutionId);
}

function linkTokenOf(state: EmulatorState, token: string | undefined, resuming: boolean): LinkTokenInfo {
  const info = token ? state.findLinkToken(token) : undefined;
  if (info) return info;
  throw new ControlError("unknown or expired link_token", 404, {
    error: linkErrors.invalidLinkToken(),
    exitStatus: resuming ? "requires_oauth" : "requires_credentials",
  });
}

/** The bank's page for a state, on this emulator's origin (the address the browser is sent to). */
function bankUrl(c: Context, oauthStateId: string): string {
  return new URL(c.req.url.replace(/\/link\/complete(\?.*)?$/, `/oauth/${oauthStateId}`)).href;
}

export function registerLinkFlow(control: Hono, state: EmulatorState): void {
  control.post("/link/complete", async (c) => {
    const body = await readBody(c);
    const received = string(body, "received_redirect_uri");
    const info = linkTokenOf(state, string(body, "link_token"), received !== undefined);
    if (received !== undefined) return c.json(resume(state, info, received));
    const chosen = info.itemId ? state.requireItem(info.itemId).institutionId : institutionIdOf(body);
    if (chosen && info.redirectUri && isOAuthInstitution(chosen)) {
      const started = state.startOAuth(info, chosen);
      return c.json({
        update_mode: info.itemId !== null,
        oauth: {
          oauth_state_id: started.oauthStateId,
          institution_id: chosen,
          bank_url: bankUrl(c, started.oauthStateId),
        },
      });
    }
    return c.json(finish(state, info, chosen));
  });

  /** The OAuth bank's own page, where the member allows or denies access. */
  control.get("/oauth/:oauthStateId", (c) => {
    const entry = state.findOAuthState(c.req.param("oauthStateId"));
    if (!entry) return c.html(EXPIRED_BANK_PAGE, 404);
    const name = INSTITUTIONS[entry.institutionId] ?? entry.institutionId;
    return c.html(bankPage(name, new URL(c.req.url).pathname));
  });

  control.post("/oauth/:oauthStateId/:decision{allow|deny}", (c) => {
    const entry = state.findOAuthState(c.req.param("oauthStateId"));
    const redirectUri = entry && state.linkTokens.get(entry.linkToken)?.redirectUri;
    if (!entry || !redirectUri) return c.html(EXPIRED_BANK_PAGE, 404);
    entry.decision = c.req.param("decision") === "allow" ? "allowed" : "denied";
    return c.redirect(receivedRedirectUri(redirectUri, entry.oauthStateId), 303);
  });

  /** The dashboard's "Allowed redirect URIs"; null (the default) accepts any well-formed one. */
  control.get("/redirect_uris", (c) => c.json({ redirect_uris: state.allowedRedirectUris }));

  control.put("/redirect_uris", async (c) => {
    const body = await readBody(c);
    const list = body.redirect_uris;
    if (list !== null && (!Array.isArray(list) || list.some((uri) => typeof uri !== "string"))) {
      throw new ControlError("redirect_uris must be an array of URIs, or null to accept any");
    }
    if (list) {
      for (const uri of list as string[]) {
        try {
          checkRedirectUri(uri, null);
        } catch (error) {
          throw new ControlError(`${uri}: ${(error as Error).message.replace(/^[A-Z_]+\/[A-Z_]+: /, "")}`);
        }
      }
    }
    state.allowedRedirectUris = list ? [...(list as string[])] : null;
    return c.json({ redirect_uris: state.allowedRedirectUris });
  });
}
