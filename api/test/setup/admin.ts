export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Postgres being down is a failure, never a skip, so a green run always means the real server was used. */
export function unreachable(error: unknown): Error {
  return new Error(
    `PostgreSQL is required for the integration tests and is not reachable at ${ADMIN_URL.replace(/\/\/[^@]*@/, "//…@")}: ${(error as Error).message}. Start it (see README) or set TEST_DATABASE_URL.`,
  );
}
