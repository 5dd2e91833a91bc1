import { AsyncLocalStorage } from "node:async_hooks";
import pino, { type DestinationStream, type LevelWithSilent, type Logger } from "pino";

export type Level = "debug" | "info" | "warn" | "error";

const LEVELS: readonly LevelWithSilent[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** Field names whose value is a secret wherever it appears (a header, a request body, an SDK config). */
const SECRET_FIELDS = [
  "authorization",
  "Authorization",
  "cookie",
  "set-cookie",
  "password",
  "currentPassword",
  "newPassword",
  "token",
  "tokens",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "publicToken",
  "public_token",
  "inviteToken",
  "secret",
  "client_id",
  "clientId",
  "apiKey",
  "api_key",
  "key",
  "plaid-verification",
  "Plaid-Verification",
  "PLAID-SECRET",
  "PLAID-CLIENT-ID",
];

const CENSOR = "[redacted]";

/**
 * The last line of defence for secrets that arrive inside text (an upstream error
 * message, a URL, a header echoed in a reason): anything shaped like one of our tokens
 * is replaced, whatever field or message carries it.
 */
const SECRET_SHAPES: readonly RegExp[] = [
  /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, // JWT (access tokens, Plaid-Verification)
  /\b(?:access|public|link)-(?:sandbox|development|production)-[\w-]+/g, // Plaid tokens
  /\bgAAAAA[\w=-]+/g, // Fernet (encrypted access tokens)
  /\btdm_[a-z]+_[\w-]{20,}/g, // our API keys, refresh and invite tokens (the short display prefix stays)
];
const BEARER = /\b(Bearer|Basic)\s+[\w.~+/=-]+/gi;

/** Whether any of the shapes above could be in the text: one scan instead of five for the common line. */
const MAYBE_SECRET = /eyJ|-(?:sandbox|development|production)-|gAAAAA|tdm_|bearer|basic/i;

export function scrubText(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  let scrubbed = text.replace(BEARER, `$1 ${CENSOR}`);
  for (const shape of SECRET_SHAPES) scrubbed = scrubbed.replace(shape, CENSOR);
  return scrubbed;
}

const MAX_SCRUB_DEPTH = 5;

const SECRET_NAMES = new Set(SECRET_FIELDS.map((name) => name.toLowerCase()));

/**
 * Strings scrubbed, and secret-named fields censored at any depth: the one redaction pass
 * (pino's own redact paths cost a sixth of a request's CPU and stop at two levels).
 */
function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_SCRUB_DEPTH) return "[too deep]";
  if (Array.isArray(value)) return value.map((entry) => scrubValue(entry, depth + 1));
  // A class instance (an SDK's error, its config) is written as JSON.stringify sees it, so
  // scrub that plain form; pino would otherwise write its secrets as they are.
  if (Object.getPrototypeOf(value) !== Object.prototype) return scrubValue(plainForm(value), depth + 1);
  return Object.fromEntries(
    Object.entries(value).map(([name, entry]) => [
      name,
      SECRET_NAMES.has(name.toLowerCase()) ? CENSOR : scrubValue(entry, depth + 1),
    ]),
  );
}

function plainForm(value: object): unknown {
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch {
    return "[unserialisable]";
  }
}

/** pino's arguments, scrubbed; a `message` field is dropped when a message follows (it would be a second key). */
function scrubArguments(args: unknown[]): unknown[] {
  const [first, ...rest] = args;
  if (typeof first === "object" && first !== null && typeof rest[0] === "string" && "message" in first) {
    const { message: _ignored, ...fields } = first as Record<string, unknown>;
    return [scrubValue(fields), ...rest.map((arg) => scrubValue(arg))];
  }
  return args.map((arg) => scrubValue(arg));
}

/** Fields every line written while handling one request carries (its requestId), however deep the caller. */
const context = new AsyncLocalStorage<Record<string, unknown>>();

export function withLogContext<T>(fields: Record<string, unknown>, run: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, run);
}

/** LOG_LEVEL when set; otherwise info, and in tests only errors so runs stay readable. */
export function levelFromEnv(env: Record<string, string | undefined> = process.env): LevelWithSilent {
  const configured = env.LOG_LEVEL as LevelWithSilent | undefined;
  if (configured && LEVELS.includes(configured)) return configured;
  return env.NODE_ENV === "test" ? "error" : "info";
}

/** A JSON-lines logger on the given stream; tests pass their own to read what was written. */
export function createLogger(destination: DestinationStream, level: LevelWithSilent = levelFromEnv()): Logger {
  return pino(
    {
      level,
      base: undefined,
      messageKey: "message",
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => context.getStore() ?? {},
      hooks: {
        logMethod(args, method) {
          method.apply(this, scrubArguments(args) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

// process.stderr itself (not a file descriptor) so stdout stays free for the runner's
// "API: <url>" and anything that wraps process.stderr.write hears the logs too.
const logger = createLogger(process.stderr);

/** One JSON object per line on stderr; callers pass fields, never whole error objects. */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}) {
  // Read each time: the environment decides, and a test may change it while running.
  const wanted = levelFromEnv();
  if (logger.level !== wanted) logger.level = wanted;
  logger[level](fields, message);
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
