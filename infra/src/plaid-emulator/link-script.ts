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

    function open() {
      if (destroyed || dialog) return;
      ensureStyle();
      var titleId = sessionId + "-title";
      var select = el("select", { name: "institution_id" });
      INSTITUTIONS.forEach(function (ins) {
        var option = el("option", { value: ins.id, text: ins.name });
        if (ins.id === DEFAULT_INSTITUTION) option.selected = true;
        select.appendChild(option);
      });
      var message = el("p", { role: "alert" });
      var cont = el("button", { type: "submit", class: "primary", text: "Continue" });
      var cancel = el("button", { type: "button", text: "Cancel" });
      var form = el("form", { method: "dialog" }, [
        el("h2", { id: titleId, text: "Sandbox bank \\u2014 Tandem's local Plaid emulator" }),
        el("p", { text: "No real bank is contacted. Choose a test bank and continue to link it (or to repair its login)." }),
        el("label", {}, [document.createTextNode("Bank"), select]),
        message,
        el("div", { class: "actions" }, [cancel, cont]),
      ]);
      dialog = el("dialog", { class: "tandem-link-emulator", "aria-labelledby": titleId, "aria-modal": "true" }, [form]);
      dialog.addEventListener("cancel", function (e) {
        e.preventDefault();
        if (!busy) exit(null, "requires_credentials");
      });
      cancel.addEventListener("click", function () {
        if (!busy) exit(null, "requires_credentials");
      });
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        if (busy) return;
        busy = true;
        cont.disabled = true;
        cont.textContent = "Linking\\u2026";
        message.textContent = "";
        var institutionId = select.value;
        event("SELECT_INSTITUTION", { institution_id: institutionId, institution_name: select.options[select.selectedIndex].text });
        fetch(origin + "/__emulator/link/complete", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ link_token: token, institution_id: institutionId }),
        })
          .then(function (response) {
            return response.json().then(function (body) {
              if (!response.ok) throw new Error(body && body.error ? body.error : "the emulator answered " + response.status);
              return body;
            });
          })
          .then(function (body) {
            busy = false;
            close();
            var meta = body.metadata || {};
            var institution = meta.institution || {
              institution_id: institutionId,
              name: select.options[select.selectedIndex].text,
            };
            event("HANDOFF", {});
            if (typeof config.onSuccess === "function") {
              config.onSuccess(body.public_token || "", {
                institution: { name: institution.name, institution_id: institution.institution_id },
                accounts: (meta.accounts || []).map(function (a) {
                  return { id: a.id, name: a.name, mask: a.mask, type: a.type, subtype: a.subtype, verification_status: null };
                }),
                link_session_id: sessionId,
                transfer_status: null,
                public_token: body.public_token || "",
              });
            }
          })
          .catch(function (error) {
            busy = false;
            cont.disabled = false;
            cont.textContent = "Continue";
            message.textContent = "Linking failed: " + error.message;
          });
      });
      document.body.appendChild(dialog);
      dialog.showModal();
      select.focus();
      event("OPEN", {});
    }

    if (typeof config.onLoad === "function") setTimeout(config.onLoad, 0);

    return {
      open: open,
      exit: function (options, callback) {
        if (dialog) exit(null, "requires_credentials");
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
