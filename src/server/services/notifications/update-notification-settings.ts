import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { updateSettings } from "../settings/update-settings";
import type { TNotificationSettings } from "./notifications.schema";

/** The system events' routes and the missing-backup threshold; every routed id must be a notifier. */
export const updateNotificationSettings = async ({ data, actor }: { data: TNotificationSettings; actor: Actor }): Promise<TNotificationSettings> => {
  const ids = [...new Set(data.systemRoutes.map((r) => r.notifierId))];
  if (ids.length !== data.systemRoutes.length) throw new AppError("VALIDATION", "A notifier is listed twice.", { fieldErrors: { systemRoutes: ["A notifier is listed twice"] } });
  const found = await db.adapterConfig.count({ where: { id: { in: ids }, kind: "notifier" } });
  if (found !== ids.length) throw new AppError("VALIDATION", "A picked notifier does not exist (it may have been deleted).", { fieldErrors: { systemRoutes: ["Unknown notifier"] } });
  const after = await updateSettings({ patch: { "notifications.systemRoutes": data.systemRoutes, "notifications.missingBackupHours": data.missingBackupHours }, actor });
  return { systemRoutes: after["notifications.systemRoutes"], missingBackupHours: after["notifications.missingBackupHours"] };
};
