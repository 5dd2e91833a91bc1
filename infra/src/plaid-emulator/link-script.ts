import type { Hono } from "hono";
import { cors } from "hono/cors";
import { DEFAULT_INSTITUTION_ID, INSTITUTIONS } from "./catalog";

/**
 * A stand-in for Plaid Link's browser script (`link-initialize.js`), so a page can link a
 * bank against the local emulator with the code it uses against Plaid: `Plaid.create({ token,
 * onSuccess, onExit, onEvent })` → a handler with `open()`, `exit()`, `destroy()`. `open()`
 * shows a modal dialog (institution choice, Continue / Cancel, Escape exits) that finishes
 * Link through `POST /__emulator/link/complete` and hands Link's public_token and metadata to
 * onSuccess. The script and that call answer any origin: the emulator is local only.
 *
 * An OAuth bank chosen with a link token that has a redirect_uri takes the whole window to
 * the bank's page (on the emulator), which sends it back to redirect_uri?oauth_state_id=…;
 * there the page calls `Plaid.create({ token: <the same token>, receivedRedirectUri:
 * location.href, … }).open()`, which finishes Link (or exits with Plaid's error when the
 * state id is unknown, expired, another token's, or the member denied access at the bank).
 */

export const LINK_SCRIPT_PATH = "/link/link-initialize.js";

const institutions = Object.entries(INSTITUTIONS).map(([id, name]) => ({ id, name }));

/** The browser code; it finds the emulator's origin from its own <script src>. */
export function linkScript(): string {
  return `/* Tandem's local Plaid emulator: a stand-in for Plaid Link (link-initialize.js). */
(function () {
  "use strict";
  var current = document.currentScript;
  var origin = current && current.src ? new URL(current.src).origin : location.origin;
  var INSTITUTIONS = ${JSON.stringify(institutions)};
  var DEFAULT_INSTITUTION = ${JSON.stringify(DEFAULT_INSTITUTION_ID)};
  var sessions = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    }
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  var STYLE =
    ".tandem-link-emulator{color-scheme:light dark;background:Canvas;color:CanvasText;border:1px solid GrayText;" +
    "border-radius:8px;padding:1.25rem;width:min(26rem,calc(100vw - 2rem));box-sizing:border-box;font:inherit}" +
    ".tandem-link-emulator::backdrop{background:rgba(0,0,0,.45)}" +
    ".tandem-link-emulator h2{margin:0 0 .5rem;font-size:1.2rem}" +
    ".tandem-link-emulator p{margin:0 0 1rem}" +
    ".tandem-link-emulator label{display:grid;gap:.25rem;margin-bottom:1rem;font-weight:500}" +
    ".tandem-link-emulator select,.tandem-link-emulator button{font:inherit;padding:.35rem .75rem;border-radius:4px;" +
    "border:1px solid GrayText;background:Canvas;color:CanvasText;max-width:100%;box-sizing:border-box}" +
    ".tandem-link-emulator select{width:100%}" +
    ".tandem-link-emulator .actions{display:flex;gap:.5rem;justify-content:flex-end;flex-wrap:wrap}" +
    ".tandem-link-emulator button.primary{background:LinkText;border-color:LinkText;color:Canvas}" +
    ".tandem-link-emulator [role=alert]{color:#c62828;min-height:1.2em}" +
    ".tandem-link-emulator :focus-visible{outline:2px solid LinkText;outline-offset:2px}";

  function ensureStyle() {
    if (document.getElementById("tandem-link-emulator-style")) return;
    var style = el("style", { id: "tandem-link-emulator-style" });
    style.textContent = STYLE;
    document.head.appendChild(style);
  }

  function create(config) {
    config = config || {};
    var token = config.token;
    // Link re-created on the redirect_uri page, back from an OAuth bank (Plaid's receivedRedirectUri).
    var received = typeof config.receivedRedirectUri === "string" ? config.receivedRedirectUri : null;
    var sessionId = "link-session-emulator-" + Date.now().toString(36) + "-" + (++sessions);
    var dialog = null;
    var destroyed = false;
    var busy = false;

    function event(name, extra) {
      if (typeof config.onEvent !== "function") return;
      var metadata = { link_session_id: sessionId, request_id: null, timestamp: new Date().toISOString(), view_name: "SELECT_INSTITUTION" };
      for (var key in extra || {}) metadata[key] = extra[key];
      config.onEvent(name, metadata);
    }

    function close() {
      if (!dialog) return;
      var d = dialog;
      dialog = null;
      if (d.open) d.close();
      d.remove();
    }

    function exit(error, status) {
      close();
      event("EXIT", { exit_status: status, error_code: error ? error.error_code : null });
      if (typeof config.onExit === "function") {
        config.onExit(error, { status: status, institution: null, link_session_id: sessionId, request_id: null });
      }
    }

    function succeed(body, chosen) {
      close();
      var meta = body.metadata || {};
      var institution = meta.institution || chosen;
      event("HANDOFF", {});
      if (typeof config.onSuccess === "function") {
        config.onSuccess(body.public_token || "", {
          institution: institution ? { name: institution.name, institution_id: institution.institution_id } : null,
          accounts: (meta.accounts || []).map(function (a) {
            return { id: a.id, name: a.name, mask: a.mask, type: a.type, subtype: a.subtype, verification_status: null };
          }),
          link_session_id: sessionId,
          transfer_status: null,
          public_token: body.public_token || "",
        });
      }
    }

    /** POST /__emulator/link/complete → { ok, body }. */
    function complete(payload) {
      return fetch(origin + "/__emulator/link/complete", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
      }).then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body || {} };
        });
      });
    }

    /** The modal both views share: a title, a sentence, optional fields, Cancel and Continue. */
    function showDialog(title, text, fields, onContinue, cancelStatus) {
      ensureStyle();
      var titleId = sessionId + "-title";
      var message = el("p", { role: "alert" });
      var cont = el("button", { type: "submit", class: "primary", text: "Continue" });
      var cancel = el("button", { type: "button", text: "Cancel" });
      var form = el("form", { method: "dialog" }, [
        el("h2", { id: titleId, text: title }),
        el("p", { text: text }),
      ].concat(fields, [message, el("div", { class: "actions" }, [cancel, cont])]));
      dialog = el("dialog", { class: "tandem-link-emulator", "aria-labelledby": titleId, "aria-modal": "true" }, [form]);
      dialog.addEventListener("cancel", function (e) {
        e.preventDefault();
        if (!busy) exit(null, cancelStatus);
      });
      cancel.addEventListener("click", function () {
        if (!busy) exit(null, cancelStatus);
      });
      var ui = {
        wait: function (label) {
          busy = true;
          cont.disabled = true;
          cont.textContent = label;
          message.textContent = "";
        },
        fail: function (text) {
          busy = false;
          cont.disabled = false;
          cont.textContent = "Continue";
          message.textContent = text;
        },
      };
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        if (!busy) onContinue(ui);
      });
      document.body.appendChild(dialog);
      dialog.showModal();
      (form.querySelector("select") || cont).focus();
      event("OPEN", {});
    }

    function chooseBank() {
      var select = el("select", { name: "institution_id" });
      INSTITUTIONS.forEach(function (ins) {
        var option = el("option", { value: ins.id, text: ins.name });
        if (ins.id === DEFAULT_INSTITUTION) option.selected = true;
        select.appendChild(option);
      });
      var label = el("label", {}, [document.createTextNode("Bank"), select]);
      showDialog(
        "Sandbox bank \\u2014 Tandem's local Plaid emulator",
        "No real bank is contacted. Choose a test bank and continue to link it (or to repair its login).",
        [label],
        function (ui) {
          ui.wait("Linking\\u2026");
          var chosen = { institution_id: select.value, name: select.options[select.selectedIndex].text };
          event("SELECT_INSTITUTION", { institution_id: chosen.institution_id, institution_name: chosen.name });
          complete({ link_token: token, institution_id: chosen.institution_id })
            .then(function (result) {
              if (!result.ok) throw new Error(result.body.error || "the emulator refused");
              if (result.body.oauth) {
                // An OAuth bank: the whole window goes to the bank's site, which sends it back to redirect_uri.
                event("OPEN_OAUTH", { institution_id: chosen.institution_id, view_name: "OAUTH" });
                ui.wait("Going to " + chosen.name + "\\u2026");
                location.assign(result.body.oauth.bank_url);
                return;
              }
              busy = false;
              succeed(result.body, chosen);
            })
            .catch(function (error) {
              ui.fail("Linking failed: " + error.message);
            });
        },
        "requires_credentials",
      );
    }

    function finishAfterBank() {
      showDialog(
        "Back from your bank \\u2014 Tandem's local Plaid emulator",
        "Your bank sent you back. Continue to finish linking.",
        [],
        function (ui) {
          ui.wait("Finishing\\u2026");
          complete({ link_token: token, received_redirect_uri: received })
            .then(function (result) {
              busy = false;
              if (result.ok) return succeed(result.body, null);
              var error = result.body.link_error !== undefined ? result.body.link_error : {
                error_type: "API_ERROR",
                error_code: "INTERNAL_SERVER_ERROR",
                error_message: result.body.error || "the emulator refused",
                display_message: null,
              };
              exit(error, result.body.exit_status || "requires_oauth");
            })
            .catch(function (error) {
              ui.fail("Linking failed: " + error.message);
            });
        },
        "requires_oauth",
      );
    }

    function open() {
      if (destroyed || dialog) return;
      if (received) finishAfterBank();
      else chooseBank();
    }

    if (typeof config.onLoad === "function") setTimeout(config.onLoad, 0);

    return {
      open: open,
      exit: function (options, callback) {
        if (dialog) exit(null, received ? "requires_oauth" : "requires_credentials");
        if (typeof callback === "function") callback();
      },
      submit: function () {},
      destroy: function () {
        destroyed = true;
        close();
      },
    };
  }

  window.Plaid = { create: create, version: "emulator" };
})();
`;
}

/** Serves the script and opens the control API's Link calls to any origin (preflight included). */
export function registerLinkScript(app: Hono, controlPrefix: string): void {
  app.use(
    `${controlPrefix}/link/*`,
    cors({ origin: "*", allowMethods: ["POST", "OPTIONS"], allowHeaders: ["content-type"] }),
  );
  const body = linkScript();
  app.get(LINK_SCRIPT_PATH, (c) =>
    c.body(body, 200, {
      "content-type": "text/javascript; charset=utf-8",
      "access-control-allow-origin": "*",
      "cache-control": "no-store",
    }),
  );
}
