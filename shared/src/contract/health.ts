import { z } from "../zod";

export const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded", "down"]),
    version: z.string(),
    time: z.string(),
    database: z.object({
      reachable: z.boolean(),
      latencyMs: z.number().nullable(),
      driver: z.enum(["postgres", "pglite"]),
    }),
    migrations: z.object({ current: z.boolean(), applied: z.number().int(), expected: z.number().int() }),
    plaid: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          institution: z.string().nullable(),
          lastSuccessAt: z.string().nullable(),
          lastErrorAt: z.string().nullable(),
          lastError: z.string().nullable(),
          needsRelogin: z.boolean(),
        }),
      ),
    }),
    dashboardRebuild: z
      .object({
        configured: z.boolean(),
        pending: z.boolean(),
        lastCalledAt: z.string().nullable(),
        lastSucceededAt: z.string().nullable(),
        lastError: z.string().nullable(),
      })
      .openapi({ description: "The dashboard's deploy hook, called after data changes (DASHBOARD_DEPLOY_HOOK_URL)" }),
    jobs: z
      .array(
        z.object({
          name: z.string(),
          running: z.boolean(),
          /** Past due by more than an hour and not running: no instance is picking it up. */
          overdue: z.boolean(),
          nextRunAt: z.string(),
          lastStartedAt: z.string().nullable(),
          lastFinishedAt: z.string().nullable(),
          lastOutcome: z.enum(["succeeded", "failed"]).nullable(),
          lastError: z.string().nullable(),
          lastDurationMs: z.number().int().nullable(),
        }),
      )
      .openapi({
        description: "Scheduled work (bank sync, recurring payments, notifications, reports), shared by all instances",
      }),
  })
  .openapi("Health");

export type Health = z.infer<typeof HealthSchema>;
