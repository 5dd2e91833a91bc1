/** The login form: email + password → session and seal key → back to where the member was going. */
import { html } from "htl";
import { ApiError, getSession, login, NetworkError, safeNext } from "./session.js";

function explain(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return error.message || "That email and password do not match an account.";
    if (error.status === 429) return `Too many attempts. ${error.message}`;
    return error.message;
  }
  if (error instanceof NetworkError) return error.message;
  return "Something went wrong while logging in. Please try again.";
}

export function loginForm(): HTMLFormElement {
  const next = safeNext(new URLSearchParams(location.search).get("next"));
  const destination = next ?? new URL("./", location.href).pathname;
  const existing = getSession();

  const form = html`<form class="tandem-login card" novalidate>
    ${
      existing
        ? html`<p class="tandem-muted">You are logged in as ${existing.member.displayName}.
          <a href=${destination}>Continue to the dashboard</a>, or log in as someone else below.</p>`
        : null
    }
    <label for="login-email">Email</label>
    <input id="login-email" name="email" type="email" autocomplete="username" required autofocus>
    <label for="login-password">Password</label>
    <input id="login-password" name="password" type="password" autocomplete="current-password" required>
    <p class="tandem-error" role="alert" data-testid="login-error" aria-live="assertive"></p>
    <button type="submit" class="tandem-primary">Log in</button>
  </form>` as HTMLFormElement;

  const email = form.querySelector<HTMLInputElement>("#login-email")!;
  const password = form.querySelector<HTMLInputElement>("#login-password")!;
  const message = form.querySelector<HTMLElement>(".tandem-error")!;
  const button = form.querySelector<HTMLButtonElement>("button[type=submit]")!;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    message.textContent = "";
    if (!email.value.trim() || !password.value) {
      message.textContent = "Enter your email and your password.";
      (email.value.trim() ? password : email).focus();
      return;
    }
    button.disabled = true;
    button.textContent = "Logging in…";
    try {
      await login(email.value.trim(), password.value);
      location.replace(destination);
    } catch (error) {
      message.textContent = explain(error);
      password.select();
      button.disabled = false;
      button.textContent = "Log in";
    }
  });
  return form;
}
