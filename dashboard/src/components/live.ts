/**
 * The interactive pages' calls to the API, live from the browser as the logged-in member
 * (bearer token from login; the API allows CORS from the dashboard's origin only).
 * Types come from the shared contract; failures are ApiError (with the refused fields)
 * or NetworkError, both with words a member can read.
 */
import { ApiError, authFetch, NetworkError, problemOf } from "./session.js";

export type Query = Record<string, string | number | boolean | null | undefined | readonly (string | number)[]>;

/** `?a=1&b=x&b=y`, leaving out empty values. */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) for (const item of value) params.append(name, String(item));
    else params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

async function parsed<T>(response: Response): Promise<T> {
  if (!response.ok) throw await problemOf(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function apiGet<T>(path: string, query?: Query): Promise<T> {
  return parsed<T>(await authFetch(`${path}${queryString(query)}`));
}

/** A JSON write (POST, PATCH, PUT, DELETE). */
export async function apiSend<T>(
  method: "POST" | "PATCH" | "PUT" | "DELETE",
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const init: RequestInit = { method, headers: { ...headers } };
  if (body !== undefined) {
    init.headers = { "Content-Type": "application/json", ...headers };
    init.body = JSON.stringify(body);
  }
  return parsed<T>(await authFetch(path, init));
}

/** A raw body (a file to import), sent as is with its content type. */
export async function apiUpload<T>(path: string, body: Blob, contentType: string, query?: Query): Promise<T> {
  return parsed<T>(
    await authFetch(`${path}${queryString(query)}`, {
      method: "POST",
      headers: { "Content-Type": contentType },
      body,
    }),
  );
}

/** Words for any failure of a live call, for a message next to the form or table. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError || error instanceof NetworkError) return error.message;
  return "Something went wrong. Your input is kept; please try again.";
}

export { ApiError, NetworkError };
