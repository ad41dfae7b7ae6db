"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/server/http/action";
import { createUser } from "@/server/services/users/create-user";
import { setUserDisabled } from "@/server/services/users/set-user-disabled";
import { updateUser } from "@/server/services/users/update-user";
import { unlockUser } from "@/server/services/users/unlock-user";
import { ZCreateUser, ZSetUserDisabled, ZUnlockUser, ZUpdateUser } from "@/server/services/users/users.schema";

export const createUserAction = defineAction({
  name: "users.create",
  access: "users:write",
  schema: ZCreateUser,
  handler: async (data, { actor }) => {
    const user = await createUser({ data, actor });
    revalidatePath("/users");
    return { id: user.id };
  },
});

export const updateUserAction = defineAction({
  name: "users.update",
  access: "users:write",
  schema: ZUpdateUser,
  handler: async (data, { actor }) => {
    const user = await updateUser({ data, actor });
    revalidatePath("/users");
    return { id: user.id };
  },
});

export const setUserDisabledAction = defineAction({
  name: "users.set-disabled",
  access: "users:write",
  schema: ZSetUserDisabled,
  handler: async ({ userId, disabled }, { actor }) => {
    await setUserDisabled({ userId, disabled, actor });
    revalidatePath("/users");
    return { userId, disabled };
  },
});

export const unlockUserAction = defineAction({
  name: "users.unlock",
  access: "users:write",
  schema: ZUnlockUser,
  handler: async ({ userId }, { actor }) => {
    const r = await unlockUser({ userId, actor });
    revalidatePath("/users");
    return r;
  },
});
