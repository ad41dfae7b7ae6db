import { z } from "zod";

const ZTimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "Unknown IANA time zone");

/** Every instance setting and its validation. Stored as SystemSetting rows (JSON values). */
export const SETTINGS_SHAPE = {
  "instance.name": z.string().trim().min(1).max(60),
  "system.timezone": ZTimeZone,
  "queue.maxConcurrentJobs": z.number().int().min(1).max(32),
  "runs.timeoutMinutes": z.number().int().min(1).max(7 * 24 * 60),
  "scheduler.catchUp": z.enum(["off", "once"]),
  "health.intervalSeconds": z.number().int().min(15).max(86_400),
  "retention.executionLogDays": z.number().int().min(1).max(3650),
  "retention.healthCheckDays": z.number().int().min(1).max(3650),
  "retention.auditDays": z.number().int().min(1).max(3650),
  "security.trustedProxies": z.array(z.string().trim().min(1)).max(50),
} as const;

export const ZSettings = z.object(SETTINGS_SHAPE);
export type Settings = z.infer<typeof ZSettings>;
export type SettingKey = keyof Settings;
export const SETTING_KEYS = Object.keys(SETTINGS_SHAPE) as SettingKey[];

/** Kept apart from the schema so a partial patch never fills in defaults for keys it did not name. */
export const DEFAULT_SETTINGS: Settings = {
  "instance.name": "Bunker",
  "system.timezone": "UTC",
  "queue.maxConcurrentJobs": 2,
  "runs.timeoutMinutes": 360,
  "scheduler.catchUp": "once",
  "health.intervalSeconds": 60,
  "retention.executionLogDays": 90,
  "retention.healthCheckDays": 30,
  "retention.auditDays": 365,
  "security.trustedProxies": [],
};

export const ZSettingsPatch = ZSettings.partial();

/** The scheduler's settings, edited together on the System tasks page. */
export const ZSchedulerSettings = ZSettings.pick({ "system.timezone": true, "queue.maxConcurrentJobs": true, "scheduler.catchUp": true });
export type TSchedulerSettings = z.infer<typeof ZSchedulerSettings>;
