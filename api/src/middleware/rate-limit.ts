import type { Context, Env } from "hono";
import { createMiddleware } from "hono/factory";

type Awaitable<T> = T | Promise<T>;

export interface RateLimitRule<E extends Env = Env> {
  /** Names the rule's buckets; two rules never share one, even on the same key. */
  name: string;
  /** Requests allowed at once, and on average per window. */
  limit: number;
  windowMs: number;
  /** The bucket this request draws from; null or undefined skips the rule for this request. */
  key: (c: Context<E>) => Awaitable<string | null | undefined>;
}

export interface RateLimited {
  rule: string;
  /** Whole seconds, rounded up, also sent as Retry-After. */
  retryAfterSeconds: number;
}

export interface RateLimitOptions<E extends Env = Env> {
  rules: RateLimitRule<E>[];
  store?: RateLimitStore;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now?: (c: Context<E>) => number;
  onLimited?: (c: Context<E>, limited: RateLimited) => Awaitable<Response>;
}

/**
 * GCRA (a leaky bucket kept as one number per key): `limit` requests may come at once,
 * then one more every `windowMs / limit`. Smoother than a fixed window, which lets a
 * client send twice the limit across a window boundary.
 */
export type GcraDecision = { allowed: true; tat: number } | { allowed: false; retryAfterMs: number };

export function gcra(tat: number | undefined, now: number, limit: number, windowMs: number): GcraDecision {
  const interval = windowMs / limit;
  const next = Math.max(tat ?? now, now) + interval;
  const allowAt = next - windowMs;
  return allowAt > now ? { allowed: false, retryAfterMs: allowAt - now } : { allowed: true, tat: next };
}

/**
 * Each key's theoretical arrival time, in memory. A key whose time has passed holds no
 * information (its bucket is full again), so it is swept; past `maxKeys` the least
 * recently used keys go first, which bounds memory whatever clients send.
 */
export class RateLimitStore {
  readonly #tats = new Map<string, number>();

  constructor(readonly maxKeys = 20_000) {}

  get size() {
    return this.#tats.size;
  }

  get(key: string): number | undefined {
    return this.#tats.get(key);
  }

  set(key: string, tat: number, now: number): void {
    this.#tats.delete(key); // re-inserting keeps the Map in least-recently-used order
    if (this.#tats.size >= this.maxKeys) this.#makeRoom(now);
    this.#tats.set(key, tat);
  }

  #makeRoom(now: number) {
    for (const [key, tat] of this.#tats) if (tat <= now) this.#tats.delete(key);
    // Still full of live keys: drop the oldest tenth at once, so sweeps stay rare.
    const excess = this.#tats.size - Math.floor(this.maxKeys * 0.9);
    let dropped = 0;
    for (const key of this.#tats.keys()) {
      if (dropped++ >= excess) break;
      this.#tats.delete(key);
    }
  }
}

const tooManyRequests = (c: Context) => c.text("Too Many Requests", 429);

/**
 * Refuses a request with 429 and Retry-After once any of its rules' buckets is empty.
 * A refused request takes nothing from any bucket, and an admitted one takes from all
 * of them, so being limited on one key never uses up another.
 */
export function rateLimit<E extends Env = Env>({
  rules,
  store = new RateLimitStore(),
  now = () => Date.now(),
  onLimited = tooManyRequests,
}: RateLimitOptions<E>) {
  return createMiddleware<E>(async (c, next) => {
    const keyed = await Promise.all(rules.map(async (rule) => ({ rule, key: await rule.key(c) })));
    // From here to the commit nothing awaits, so concurrent requests cannot both take the last token.
    const at = now(c);
    const admitted: { bucket: string; tat: number }[] = [];
    let refused: RateLimited | null = null;
    for (const { rule, key } of keyed) {
      if (key === null || key === undefined) continue;
      const bucket = `${rule.name}\u0000${key}`;
      const decision = gcra(store.get(bucket), at, rule.limit, rule.windowMs);
      if (decision.allowed) {
        admitted.push({ bucket, tat: decision.tat });
        continue;
      }
      const retryAfterSeconds = Math.ceil(decision.retryAfterMs / 1000);
      if (!refused || retryAfterSeconds > refused.retryAfterSeconds) refused = { rule: rule.name, retryAfterSeconds };
    }
    if (refused) {
      c.header("Retry-After", String(refused.retryAfterSeconds));
      return onLimited(c, refused);
    }
    for (const { bucket, tat } of admitted) store.set(bucket, tat, at);
    await next();
  });
}
