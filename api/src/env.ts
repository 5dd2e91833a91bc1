import { z } from "zod";

const OriginList = z
  .string()
  .default("")
  .transform((value, ctx) => {
    const origins = value
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean);
    for (const origin of origins) {
      const parsed = URL.canParse(origin) ? new URL(origin) : null;
      if (!parsed || parsed.origin !== origin) {
        ctx.addIssue({ code: "custom", message: `"${origin}" is not an origin like https://dash.example.com` });
      }
    }
    return origins;
  });

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    API_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    PORT: z.coerce.number().int().min(0).max(65535).optional(),
    DATABASE_URL: z.url().optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    PGLITE_DIR: z.string().min(1).default(".data/pglite"),
    JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    INVITE_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(72),
    DASHBOARD_ORIGIN: OriginList,
    PUBLIC_API_URL: z.url().optional(),
  })
  .refine((env) => env.NODE_ENV !== "production" || env.JWT_SECRET, {
    message: "JWT_SECRET is required in production",
    path: ["JWT_SECRET"],
  })
  .refine((env) => env.NODE_ENV !== "production" || env.DATABASE_URL, {
    message: "DATABASE_URL is required in production",
    path: ["DATABASE_URL"],
  });

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {}

/** Parses the environment once; a bad value is reported by name, never echoed (it may be a secret). */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set", as a shell or a dashboard form would intend.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = EnvSchema.safeParse(present);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "(env)"}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}

export function listenPort(env: Env): number {
  return env.API_PORT ?? env.PORT ?? 3000;
}
