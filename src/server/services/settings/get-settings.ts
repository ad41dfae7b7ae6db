import { db } from "@/server/db";
import { log } from "@/lib/logger";
import { DEFAULT_SETTINGS, SETTING_KEYS, SETTINGS_SHAPE, type Settings, type SettingKey } from "./settings.schema";

const isKey = (k: string): k is SettingKey => (SETTING_KEYS as string[]).includes(k);

/** Every setting, with defaults for missing rows; a stored value that no longer validates falls back too. */
export const getSettings = async (): Promise<Settings> => {
  const rows = await db.systemSetting.findMany({ where: { key: { in: SETTING_KEYS } } });
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const row of rows) {
    if (!isKey(row.key)) continue;
    try {
      const parsed = SETTINGS_SHAPE[row.key].safeParse(JSON.parse(row.value));
      if (parsed.success) out[row.key] = parsed.data;
      else log.warn("ignoring invalid stored setting", { setting: row.key });
    } catch {
      log.warn("ignoring unreadable stored setting", { setting: row.key });
    }
  }
  return out as Settings;
};

export const getSetting = async <K extends SettingKey>(key: K): Promise<Settings[K]> => (await getSettings())[key];
