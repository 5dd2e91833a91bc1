import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

export interface FieldError {
  path: string;
  message: string;
}

/** An expected failure with a stable code; becomes application/problem+json. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }
}

const TITLES: Partial<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

export const notFound = (what = "Resource") => new ApiError(404, "not_found", `${what} not found`);
export const unauthorized = (message = "Authentication required") => new ApiError(401, "unauthorized", message);

export function problem(c: Context, status: ContentfulStatusCode, code: string, detail: string, errors?: FieldError[]) {
  const body = {
    type: `https://tandem.dev/problems/${code}`,
    title: TITLES[status] ?? "Error",
    status,
    code,
    detail,
    requestId: c.get("requestId") ?? "",
    ...(errors ? { errors } : {}),
  };
  // A 413 leaves the rest of the body unread on the connection: it cannot carry another request.
  const headers: Record<string, string> = { "Content-Type": "application/problem+json" };
  if (status === 413) headers.Connection = "close";
  return c.body(JSON.stringify(body), status, headers);
}
