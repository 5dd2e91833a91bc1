type Level = "debug" | "info" | "warn" | "error";

/** One JSON object per line on stderr; callers pass fields, never whole error objects. */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}) {
  if (process.env.NODE_ENV === "test" && level !== "error") return;
  // The message goes last so no field can replace it.
  process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), ...fields, message })}\n`);
}

/**
 * What an unexpected error may say in a log. Drizzle's query errors carry the SQL and
 * its parameters (hashes, tokens, people's text), so only the driver's own message and
 * code are kept, plus the stack for where it happened.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: typeof error };
  const cause = error.cause as { message?: string; code?: string } | undefined;
  const isQueryError = error.name === "DrizzleQueryError" || error.message.startsWith("Failed query");
  return {
    error: error.name,
    reason: isQueryError ? (cause?.message ?? "query failed") : error.message,
    code: cause?.code ?? (error as { code?: string }).code,
    // Frames only: the stack's head repeats the message, parameters and all.
    stack: error.stack
      ?.split("\n")
      .filter((line) => line.trimStart().startsWith("at "))
      .slice(0, 8)
      .join("\n"),
  };
}
