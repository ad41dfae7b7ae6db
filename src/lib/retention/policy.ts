import { z } from "zod";

/** A job's retention policy: keep the last N, keep N days, or grandfather-father-son tiers. */
export const ZRetention = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("count"), keep: z.number().int().min(1).max(10_000) }),
  z.object({ mode: z.literal("days"), days: z.number().int().min(1).max(36_500) }),
  z.object({
    mode: z.literal("gfs"),
    daily: z.number().int().min(0).max(3650),
    weekly: z.number().int().min(0).max(520),
    monthly: z.number().int().min(0).max(1200),
    yearly: z.number().int().min(0).max(100),
  }),
]);
export type Retention = z.infer<typeof ZRetention>;
