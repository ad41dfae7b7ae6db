/** What the Settings page edits and resets (the other keys have their own pages: notifications, verification). */
import { z } from "zod";
import { SETTING_KEYS, type SettingKey, ZSettings } from "./settings.schema";

export const PAGE_SETTING_KEYS = [
  "instance.name",
  "system.timezone",
  "queue.maxConcurrentJobs",
  "queue.maxConcurrentRestores",
  "runs.timeoutMinutes",
  "scheduler.catchUp",
  "health.intervalSeconds",
  "retention.executionLogDays",
  "retention.healthCheckDays",
  "retention.auditDays",
  "security.trustedProxies",
] as const satisfies readonly SettingKey[];

export const ZPageSettings = ZSettings.pick(Object.fromEntries(PAGE_SETTING_KEYS.map((k) => [k, true])) as { [K in (typeof PAGE_SETTING_KEYS)[number]]: true });
export type TPageSettings = z.infer<typeof ZPageSettings>;

export const ZSettingKeyInput = z.object({ key: z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]]) });
