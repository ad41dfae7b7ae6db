"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/server/http/action";
import { ZAdapterId } from "@/server/services/adapters/adapters.schema";
import { ZNotificationSettings } from "@/server/services/notifications/notifications.schema";
import { sendStoredTestNotification } from "@/server/services/notifications/send-stored-test";
import { updateNotificationSettings } from "@/server/services/notifications/update-notification-settings";
import { adapterActions } from "../_adapters/adapter-actions";

const actions = adapterActions("notifier");

export const createNotifierAction = actions.create;
export const updateNotifierAction = actions.update;
export const testNotifierAction = actions.test;
export const cloneNotifierAction = actions.clone;
export const deleteNotifierAction = actions.remove;

export const sendStoredTestAction = defineAction({
  name: "notifications.send-test",
  access: "notifications:write",
  schema: ZAdapterId,
  handler: async ({ id }) => {
    const r = await sendStoredTestNotification({ id });
    revalidatePath("/notifications", "layout");
    return r;
  },
});

export const saveNotificationSettingsAction = defineAction({
  name: "notifications.settings",
  access: "notifications:write",
  schema: ZNotificationSettings,
  handler: async (data, { actor }) => {
    const saved = await updateNotificationSettings({ data, actor });
    revalidatePath("/notifications", "layout");
    return saved;
  },
});
