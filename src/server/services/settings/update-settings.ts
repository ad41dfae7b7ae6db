import { db } from "@/server/db";
import { requestScheduleRefresh } from "@/server/scheduler/job-scheduler";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { getSettings } from "./get-settings";
import type { Settings } from "./settings.schema";

export const updateSettings = async ({ patch, actor }: { patch: Partial<Settings>; actor: Actor }): Promise<Settings> => {
  const before = await getSettings();
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  await db.$transaction(
    entries.map(([key, value]) =>
      db.systemSetting.upsert({ where: { key }, create: { key, value: JSON.stringify(value) }, update: { value: JSON.stringify(value) } }),
    ),
  );
  const after = await getSettings();
  const changed = entries.map(([k]) => k as keyof Settings).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changed.includes("system.timezone")) requestScheduleRefresh();
  if (changed.length) {
    await recordAudit({
      actor,
      action: "settings.update",
      resourceType: "settings",
      before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      after: Object.fromEntries(changed.map((k) => [k, after[k]])),
    });
  }
  return after;
};
