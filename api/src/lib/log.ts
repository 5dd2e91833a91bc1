type Level = "debug" | "info" | "warn" | "error";

/** One JSON object per line on stderr; callers pass fields, never whole error objects. */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}) {
  if (process.env.NODE_ENV === "test" && level !== "error") return;
  process.stderr.write(`${JSON.stringify({ level, time: new Date().toISOString(), message, ...fields })}\n`);
}
