"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/server/http/action";
import { revokeMetricsToken, rotateMetricsToken } from "@/server/services/metrics/metrics-token";
import { deleteSetting } from "@/server/services/settings/delete-setting";
import { ZPageSettings, ZSettingKeyInput } from "@/server/services/settings/settings-form.schema";
import { updateSettings } from "@/server/services/settings/update-settings";

export const saveSettingsAction = defineAction({
  name: "settings.save",
  access: "settings:write",
  schema: ZPageSettings,
  handler: async (patch, { actor }) => {
    await updateSettings({ patch, actor });
    revalidatePath("/", "layout");
    return { saved: true };
  },
});

export const resetSettingAction = defineAction({
  name: "settings.reset",
  access: "settings:write",
  schema: ZSettingKeyInput,
  handler: async ({ key }, { actor }) => {
    const s = await deleteSetting({ key, actor });
    revalidatePath("/", "layout");
    return { key, value: s[key] };
  },
});

export const rotateMetricsTokenAction = defineAction({
  name: "metrics.token-rotate",
  access: "settings:write",
  schema: z.object({}),
  handler: async (_input, { actor }) => {
    const r = await rotateMetricsToken({ actor });
    revalidatePath("/settings");
    return r;
  },
});

export const revokeMetricsTokenAction = defineAction({
  name: "metrics.token-revoke",
  access: "settings:write",
  schema: z.object({}),
  handler: async (_input, { actor }) => {
    await revokeMetricsToken({ actor });
    revalidatePath("/settings");
    return { revoked: true };
  },
});
