import { z } from "zod";
import { ZSystemRoute } from "../notifications/events";

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
  /** Restores have their own budget: they never take a backup slot, and backups never take theirs */
  "queue.maxConcurrentRestores": z.number().int().min(1).max(16),
  "runs.timeoutMinutes": z.number().int().min(1).max(7 * 24 * 60),
  "scheduler.catchUp": z.enum(["off", "once"]),
  "health.intervalSeconds": z.number().int().min(15).max(86_400),
  "retention.executionLogDays": z.number().int().min(1).max(3650),
  "retention.healthCheckDays": z.number().int().min(1).max(3650),
  "retention.auditDays": z.number().int().min(1).max(3650),
  "security.trustedProxies": z.array(z.string().trim().min(1)).max(50),
  /** Sign-in attempts per client address per minute, and per account per minute (any outcome) */
  "security.loginLimitPerIp": z.number().int().min(1).max(1000),
  "security.loginLimitPerAccount": z.number().int().min(1).max(1000),
  /** Consecutive wrong passwords before an account is locked, and for how long */
  "security.lockoutThreshold": z.number().int().min(1).max(100),
  "security.lockoutMinutes": z.number().int().min(1).max(24 * 60),
  /** Read each new backup back (sha256 + size) right after upload, before its manifest is written */
  "backups.verifyAfterUpload": z.boolean(),
  /** The verify-backups task re-verifies a backup last verified longer ago than this */
  "verify.maxAgeDays": z.number().int().min(1).max(3650),
  /** Notifiers that receive instance-wide events (health, sign-ins) and, if picked, every job's events */
  "notifications.systemRoutes": z.array(ZSystemRoute).max(50),
  /** The dead man's switch: hours after a scheduled slot without a successful backup before "missing" fires */
  "notifications.missingBackupHours": z.number().int().min(1).max(24 * 14),
  /** Scheduled self-backup of the configuration export: the destination (null = off), how often, how many kept */
  "configBackup.destinationId": z.string().min(1).max(100).nullable(),
  "configBackup.intervalHours": z.number().int().min(1).max(24 * 30),
  "configBackup.keep": z.number().int().min(1).max(365),
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
  "queue.maxConcurrentRestores": 1,
  "runs.timeoutMinutes": 360,
  "scheduler.catchUp": "once",
  "health.intervalSeconds": 60,
  "retention.executionLogDays": 90,
  "retention.healthCheckDays": 30,
  "retention.auditDays": 365,
  "security.trustedProxies": [],
  "security.loginLimitPerIp": 20,
  "security.loginLimitPerAccount": 10,
  "security.lockoutThreshold": 5,
  "security.lockoutMinutes": 15,
  "backups.verifyAfterUpload": true,
  "verify.maxAgeDays": 30,
  "notifications.systemRoutes": [],
  "notifications.missingBackupHours": 6,
  "configBackup.destinationId": null,
  "configBackup.intervalHours": 24,
  "configBackup.keep": 14,
};

export const ZSettingsPatch = ZSettings.partial();

/** The scheduler's settings, edited together on the System tasks page. */
export const ZSchedulerSettings = ZSettings.pick({ "system.timezone": true, "queue.maxConcurrentJobs": true, "scheduler.catchUp": true });
export type TSchedulerSettings = z.infer<typeof ZSchedulerSettings>;
