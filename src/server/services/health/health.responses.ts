/** The health check's answer (see ../common.responses.ts): the same body with 200 (ok) and 503 (degraded). */
import { z } from "zod";
import type { Health } from "./get-health";

export const ZHealth = z
  .strictObject({
    status: z.enum(["ok", "degraded"]),
    version: z.string(),
    uptimeSeconds: z.number().int().nonnegative(),
    database: z.strictObject({ ok: z.boolean(), latencyMs: z.number().nullable(), error: z.string().optional() }),
  })
  .meta({ id: "Health" }) satisfies z.ZodType<Health>;
