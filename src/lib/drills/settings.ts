/**
 * A job's drill and recovery-objective settings, stored as JSON in Job.drill. A null column means the
 * defaults with drills off: drift alerts and the RPO still apply (they need no scratch target).
 */
import { z } from "zod";

export const DRILL_DB_PREFIX = "bunker_drill_";

export const ZDrillCheck = z.object({
  name: z.string().trim().min(1, "Name the check").max(80),
  sql: z.string().trim().min(1, "Write the query").max(4000),
  /** "> 0", ">= 10", "= 5", "!= 0", "between 1 and 10", "= 'ok'" */
  expectation: z.string().trim().min(1, "Write the expectation").max(200),
  /** The backed-up database it runs against; null = the first one drilled */
  database: z.string().trim().max(200).nullable().default(null),
});
export type DrillCheck = z.infer<typeof ZDrillCheck>;

export const ZDrillSchedule = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("after-backup") }),
  z.object({ mode: z.literal("cron"), cron: z.string().trim().min(1, "Write a cron expression").max(120) }),
  z.object({ mode: z.literal("manual") }),
]);
export type DrillSchedule = z.infer<typeof ZDrillSchedule>;

export const ZDriftThresholds = z.object({
  /** A backup this much smaller (in %) than the previous one warns; 0 = off */
  sizeDropPercent: z.number().min(0).max(100).default(30),
  /** Any table losing more than this share (in %) of its rows warns; 0 = off */
  rowDropPercent: z.number().min(0).max(100).default(50),
});
export type DriftThresholds = z.infer<typeof ZDriftThresholds>;

export const ZDrillSettings = z.object({
  enabled: z.boolean().default(false),
  schedule: ZDrillSchedule.default({ mode: "after-backup" }),
  /** A source of the same engine where bunker_drill_<random> databases may be created and dropped */
  targetSourceId: z.string().min(1).nullable().default(null),
  checks: z.array(ZDrillCheck).max(20).default([]),
  /** The whole drill (verify, restore, counts, checks) must end within this budget */
  timeBudgetMinutes: z.number().int().min(1).max(24 * 60).default(60),
  /** Restored counts may differ from the recorded ones by this share (the counts are taken just before the dump) */
  countTolerancePercent: z.number().min(0).max(100).default(0),
  drift: ZDriftThresholds.default({ sizeDropPercent: 30, rowDropPercent: 50 }),
  /** RPO = the schedule's longest interval plus this share of it */
  rpoTolerancePercent: z.number().min(0).max(1000).default(25),
});
export type DrillSettings = z.infer<typeof ZDrillSettings>;

export const DEFAULT_DRILL_SETTINGS: DrillSettings = ZDrillSettings.parse({});

/** The stored JSON, read defensively: anything unreadable is the defaults (drills off). */
export const parseDrillSettings = (json: string | null | undefined): DrillSettings => {
  if (!json) return DEFAULT_DRILL_SETTINGS;
  try {
    const r = ZDrillSettings.safeParse(JSON.parse(json));
    return r.success ? r.data : DEFAULT_DRILL_SETTINGS;
  } catch {
    return DEFAULT_DRILL_SETTINGS;
  }
};

/** Drills can run: switched on and a scratch target picked. */
export const drillsActive = (s: DrillSettings): boolean => s.enabled && s.targetSourceId !== null;
