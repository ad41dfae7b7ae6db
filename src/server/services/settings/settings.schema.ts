import { z } from "zod";

/** Every instance setting, its validation and its default. Stored as SystemSetting rows (JSON values). */
export const SETTINGS_SHAPE = {
  "instance.name": z.string().trim().min(1).max(60).default("Bunker"),
  "system.timezone": z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "Unknown IANA time zone")
    .default("UTC"),
  "queue.maxConcurrentJobs": z.number().int().min(1).max(32).default(2),
  "runs.timeoutMinutes": z.number().int().min(1).max(7 * 24 * 60).default(360),
  "scheduler.catchUp": z.enum(["off", "once"]).default("once"),
  "health.intervalSeconds": z.number().int().min(15).max(86_400).default(60),
  "retention.executionLogDays": z.number().int().min(1).max(3650).default(90),
  "retention.healthCheckDays": z.number().int().min(1).max(3650).default(30),
  "retention.auditDays": z.number().int().min(1).max(3650).default(365),
  "security.trustedProxies": z.array(z.string().trim().min(1)).max(50).default([]),
} as const;

export const ZSettings = z.object(SETTINGS_SHAPE);
export type Settings = z.infer<typeof ZSettings>;
export type SettingKey = keyof Settings;
export const SETTING_KEYS = Object.keys(SETTINGS_SHAPE) as SettingKey[];

export const DEFAULT_SETTINGS: Settings = ZSettings.parse({});
export const ZSettingsPatch = ZSettings.partial();
