"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/server/http/action";
import { runSystemTaskNow } from "@/server/services/system-tasks/run-system-task-now";
import { setSystemTaskEnabled } from "@/server/services/system-tasks/set-system-task-enabled";
import { ZRunTaskNow, ZSetTaskEnabled } from "@/server/services/system-tasks/system-tasks.schema";
import { ZSchedulerSettings } from "@/server/services/settings/settings.schema";
import { updateSettings } from "@/server/services/settings/update-settings";

export const setSystemTaskEnabledAction = defineAction({
  name: "system-tasks.set-enabled",
  access: "settings:write",
  schema: ZSetTaskEnabled,
  handler: async ({ id, enabled }, { actor }) => {
    await setSystemTaskEnabled({ id, enabled, actor });
    revalidatePath("/tasks");
    return { id, enabled };
  },
});

export const runSystemTaskNowAction = defineAction({
  name: "system-tasks.run-now",
  access: "settings:write",
  schema: ZRunTaskNow,
  handler: async ({ id }, { actor }) => {
    const result = await runSystemTaskNow({ id, actor });
    revalidatePath("/tasks");
    return result;
  },
});

export const updateSchedulerSettingsAction = defineAction({
  name: "settings.scheduler",
  access: "settings:write",
  schema: ZSchedulerSettings,
  handler: async (patch, { actor }) => {
    const s = await updateSettings({ patch, actor });
    revalidatePath("/", "layout");
    return { timezone: s["system.timezone"] };
  },
});
