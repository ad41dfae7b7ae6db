"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/server/http/action";
import { changePassword } from "@/server/services/profile/change-password";
import { ZChangePassword, ZUpdateProfile } from "@/server/services/profile/profile.schema";
import { updateProfile } from "@/server/services/profile/update-profile";

export const updateProfileAction = defineAction({
  name: "profile.update",
  access: "authenticated",
  schema: ZUpdateProfile,
  handler: async (data, { caller, actor }) => {
    const r = await updateProfile({ userId: caller.userId, data, actor });
    revalidatePath("/", "layout");
    return r;
  },
});

export const changePasswordAction = defineAction({
  name: "profile.change-password",
  access: "authenticated",
  schema: ZChangePassword,
  handler: async (data, { caller, actor }) => changePassword({ userId: caller.userId, currentSessionId: caller.sessionId, data, actor }),
});
