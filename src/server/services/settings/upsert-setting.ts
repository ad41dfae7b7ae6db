import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { SETTING_KEYS, SETTINGS_SHAPE, type SettingKey, type Settings } from "./settings.schema";
import { updateSettings } from "./update-settings";

const isKey = (k: string): k is SettingKey => (SETTING_KEYS as string[]).includes(k);

/** Stores one setting after validating it against its own schema (the API's PUT /settings/:key). */
export const upsertSetting = async ({ key, value, actor }: { key: string; value: unknown; actor: Actor }): Promise<Settings> => {
  if (!isKey(key)) throw new AppError("NOT_FOUND", `There is no setting named ${key}.`);
  const parsed = SETTINGS_SHAPE[key].safeParse(value);
  if (!parsed.success) {
    throw new AppError("VALIDATION", parsed.error.issues[0]?.message ?? "Invalid value", { fieldErrors: { [key]: parsed.error.issues.map((i) => i.message) } });
  }
  return updateSettings({ patch: { [key]: parsed.data } as Partial<Settings>, actor });
};
