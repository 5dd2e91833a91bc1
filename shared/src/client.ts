/**
 * A typed client of the Tandem API for the dashboard's loaders (and anything else in
 * TypeScript). Every answer is checked against the same zod schemas the API declares, so
 * a response that drifted from the contract fails here, loudly, not in a chart later.
 * Works wherever `fetch` does: Node 20+ and browsers.
 */
import { AccountListSchema } from "./contract/accounts";
import { HouseholdSchema } from "./contract/auth";
import { CategoryListSchema } from "./contract/categories";
import { ProblemSchema } from "./contract/common";
import {
  DASHBOARD_PAGE_DEFAULT,
  DashboardKeySchema,
  type DashboardTransactionPage,
  DashboardTransactionPageSchema,
} from "./contract/dashboard";
import { HealthSchema } from "./contract/health";
import { PlaidItemListSchema } from "./contract/plaid";
import type { z } from "./zod";

export interface ApiClientOptions {
  /** Where the API is, e.g. https://api.example.com (a trailing slash is ignored). */
  baseUrl: string;
  /** A member's access token or a read-only API key (tdm_ro_…). */
  token: string;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** A request that has not answered by then fails as unreachable. Default 60 s. */
  timeoutMs?: number;
}

/** The API answered, with an error status; the fields come from its problem+json body. */
export class ApiRequestError extends Error {
  override readonly name = "ApiRequestError";
  readonly status: number;
  /** The problem's stable code (e.g. `unauthorized`), or `http_<status>` when the body was not a problem. */
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly requestId: string | undefined;
  readonly errors: { path: string; message: string }[] | undefined;

  constructor(
    readonly method: string,
    readonly path: string,
    problem: {
      status: number;
      code: string;
      title: string;
      detail?: string | undefined;
      requestId?: string | undefined;
      errors?: { path: string; message: string }[] | undefined;
    },
  ) {
    const detail = problem.detail ? `: ${problem.detail}` : "";
    const id = problem.requestId ? ` (request id ${problem.requestId})` : "";
    super(`Tandem API ${method} ${path} answered ${problem.status} ${problem.code}${detail}${id}`);
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.requestId = problem.requestId;
    this.errors = problem.errors;
  }
}

/** No answer at all: DNS, refused connection, TLS, timeout. */
export class ApiUnreachableError extends Error {
  override readonly name = "ApiUnreachableError";
  constructor(
    readonly baseUrl: string,
    cause: unknown,
  ) {
    super(`Cannot reach the Tandem API at ${baseUrl}: ${describeCause(cause)}`, { cause });
  }
}

/** A 2xx answer that is not what the contract says: a version mismatch between API and caller. */
export class ApiContractError extends Error {
  override readonly name = "ApiContractError";
  constructor(
    readonly method: string,
    readonly path: string,
    readonly issues: string[],
  ) {
    super(`Tandem API ${method} ${path} answered outside its contract: ${issues.slice(0, 5).join("; ")}`);
  }
}

/** fetch wraps the reason ("fetch failed"); the innermost cause says what happened (ECONNREFUSED …). */
function describeCause(cause: unknown): string {
  let current = cause;
  const seen = new Set<unknown>();
  while (current instanceof Error && current.cause !== undefined && !seen.has(current.cause)) {
    seen.add(current);
    current = current.cause;
  }
  if (current instanceof Error) {
    if (current.name === "TimeoutError") return "no answer in time";
    const code = (current as { code?: unknown }).code;
    return current.message || (typeof code === "string" ? code : current.name);
  }
  return String(current);
}

/** The base URL without a trailing slash and without any user:password in it. */
function normaliseBaseUrl(raw: string): string {
  if (!URL.canParse(raw)) throw new TypeError("baseUrl must be an absolute http(s) URL, like https://api.example.com");
  const url = new URL(raw);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError("baseUrl must be an absolute http(s) URL, like https://api.example.com");
  }
  if (url.username || url.password) throw new TypeError("baseUrl must not carry credentials; pass token instead");
  if (url.search || url.hash) throw new TypeError("baseUrl must not have a query or fragment");
  return url.toString().replace(/\/+$/, "");
}

interface GetOptions {
  query?: Record<string, string | number | undefined>;
  /** /health is public: the token is not sent where it is not needed. */
  authenticated?: boolean;
  /** Error statuses whose body is still the declared schema (a 503 /health). */
  acceptStatuses?: number[];
}

export function createApiClient(options: ApiClientOptions) {
  const baseUrl = normaliseBaseUrl(options.baseUrl);
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { token } = options;

  async function get<S extends z.ZodType>(
    path: string,
    schema: S,
    { query = {}, authenticated = true, acceptStatuses = [] }: GetOptions = {},
  ): Promise<z.output<S>> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
    const search = params.toString() ? `?${params}` : "";
    const headers: Record<string, string> = { accept: "application/json" };
    if (authenticated) headers.authorization = `Bearer ${token}`;

    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(`${baseUrl}${path}${search}`, {
        method: "GET",
        headers,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new ApiUnreachableError(baseUrl, error);
    }

    const body = parseJson(text);
    if (!response.ok && !acceptStatuses.includes(response.status)) {
      const problem = ProblemSchema.safeParse(body);
      const requestId = response.headers.get("x-request-id") ?? undefined;
      throw new ApiRequestError(
        "GET",
        path,
        problem.success
          ? { ...problem.data, status: response.status, requestId: problem.data.requestId || requestId }
          : {
              status: response.status,
              code: `http_${response.status}`,
              title: response.statusText || "HTTP error",
              requestId,
            },
      );
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issues =
        body === undefined
          ? ["the body is not JSON"]
          : parsed.error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`);
      throw new ApiContractError("GET", path, issues);
    }
    return parsed.data;
  }

  async function dashboardTransactions(page: { cursor?: string | null; limit?: number } = {}) {
    return get("/dashboard/transactions", DashboardTransactionPageSchema, {
      query: { cursor: page.cursor ?? undefined, limit: page.limit },
    });
  }

  return {
    baseUrl,
    household: () => get("/household", HouseholdSchema),
    /** Every account, archived ones included (their history still counts). */
    accounts: async () => (await get("/accounts", AccountListSchema)).items,
    /** The category tree flattened, parents first. */
    categories: async () => (await get("/categories", CategoryListSchema)).items,
    plaidItems: async () => (await get("/plaid/items", PlaidItemListSchema)).items,
    /** Members only: a read-only API key gets ApiRequestError 403 member_required. */
    dashboardKey: () => get("/dashboard/key", DashboardKeySchema),
    dashboardTransactions,
    /** Every page of the household's transactions, oldest first, until the last. */
    async *allDashboardTransactions(limit: number = DASHBOARD_PAGE_DEFAULT): AsyncGenerator<DashboardTransactionPage> {
      let cursor: string | null = null;
      do {
        const page: DashboardTransactionPage = await dashboardTransactions({ cursor, limit });
        yield page;
        cursor = page.nextCursor;
      } while (cursor !== null);
    },
    /** Public; a degraded or down API answers 503 with the same body, returned here too. */
    health: () => get("/health", HealthSchema, { authenticated: false, acceptStatuses: [503] }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
