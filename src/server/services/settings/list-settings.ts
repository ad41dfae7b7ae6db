import { db } from "@/server/db";
import { getSettings } from "./get-settings";
import { DEFAULT_SETTINGS, SETTING_KEYS, type SettingKey, type Settings } from "./settings.schema";

export type SettingEntry<K extends SettingKey = SettingKey> = {
  key: K;
  value: Settings[K];
  defaultValue: Settings[K];
  /** No row stored (or an invalid one): the default applies */
  isDefault: boolean;
  updatedAt: string | null;
};

/** Every setting with its effective value, its default, and whether a stored row overrides it. */
export const listSettings = async (): Promise<SettingEntry[]> => {
  const [values, rows] = await Promise.all([getSettings(), db.systemSetting.findMany({ where: { key: { in: SETTING_KEYS } }, select: { key: true, updatedAt: true } })]);
  const stored = new Map(rows.map((r) => [r.key, r.updatedAt]));
  return SETTING_KEYS.map((key) => ({
    key,
    value: values[key],
    defaultValue: DEFAULT_SETTINGS[key],
    isDefault: !stored.has(key),
    updatedAt: stored.get(key)?.toISOString() ?? null,
  }));
};
