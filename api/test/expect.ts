import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { rows } from "../src/db/client";
import type { Reply, TestApi } from "./harness";

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  requestId: string;
  errors?: { path: string; message: string }[];
}

/** Asserts an application/problem+json reply with a stable code, the request id, and no internals. */
export function expectProblem(reply: Reply<unknown>, status: number, code?: string): Problem {
  const body = reply.body as Problem;
  expect(reply.status, JSON.stringify(body)).toBe(status);
  expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(body).toMatchObject({ status, type: `https://tandem.dev/problems/${body.code}`, title: expect.any(String) });
  expect(body.code).toMatch(/^[a-z_]+$/);
  if (code) expect(body.code).toBe(code);
  expect(body.requestId).toBeTruthy();
  expect(body.requestId).toBe(reply.headers.get("x-request-id"));
  expectNoInternals(reply);
  return body;
}

/** No stack trace, file path or driver message ever reaches a response body. */
export function expectNoInternals(reply: Reply<unknown>) {
  const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  expect(text).not.toContain("stack");
  expect(text).not.toContain("at /");
  expect(text).not.toMatch(/Failed query|node_modules|\.ts:\d+/);
}

/** Row count of every table in the public schema, so new tables are covered without edits here. */
export async function rowCounts(api: TestApi): Promise<Record<string, number>> {
  const tables = rows<{ name: string }>(
    await api.deps.db.execute(
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  );
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = rows<{ n: number }>(
      await api.deps.db.execute(sql`select count(*)::int as n from ${sql.identifier(name)}`),
    );
    counts[name] = row!.n;
  }
  return counts;
}
