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
]).refine((p) => p.mode !== "gfs" || p.daily + p.weekly + p.monthly + p.yearly > 0, {
  // All tiers at 0 would keep only the newest backup: almost certainly a mistake, so it is refused.
  message: "Keep at least one backup in one of the daily, weekly, monthly or yearly tiers",
  path: ["daily"],
});
export type Retention = z.infer<typeof ZRetention>;
