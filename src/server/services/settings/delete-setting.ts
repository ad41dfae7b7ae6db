import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { requestScheduleRefresh } from "@/server/scheduler/job-scheduler";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { getSettings } from "./get-settings";
import { SETTING_KEYS, type SettingKey, type Settings } from "./settings.schema";

const isKey = (k: string): k is SettingKey => (SETTING_KEYS as string[]).includes(k);

/** Removes the stored row, so the setting is back to its default. A no-op (and no audit) when nothing was stored. */
export const deleteSetting = async ({ key, actor }: { key: string; actor: Actor }): Promise<Settings> => {
  if (!isKey(key)) throw new AppError("NOT_FOUND", `There is no setting named ${key}.`);
  const before = await getSettings();
  const { count } = await db.systemSetting.deleteMany({ where: { key } });
  const after = await getSettings();
  if (count === 0) return after;
  if (key === "system.timezone") requestScheduleRefresh();
  await recordAudit({ actor, action: "settings.reset", resourceType: "settings", resourceId: key, before: { [key]: before[key] }, after: { [key]: after[key] } });
  return after;
};
