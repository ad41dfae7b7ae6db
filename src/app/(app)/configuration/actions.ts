"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/server/http/action";
import { updateSelfBackupSettings, ZSelfBackupSettings } from "@/server/services/config-transfer/self-backup-settings";

export const updateSelfBackupAction = defineAction({
  name: "config.self-backup",
  access: "settings:write",
  schema: ZSelfBackupSettings,
  handler: async (data, { actor }) => {
    const s = await updateSelfBackupSettings({ data, actor });
    revalidatePath("/configuration");
    return s;
  },
});
