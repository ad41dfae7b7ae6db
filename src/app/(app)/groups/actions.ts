"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/server/http/action";
import { createGroup } from "@/server/services/groups/create-group";
import { deleteGroup } from "@/server/services/groups/delete-group";
import { ZDeleteGroup, ZGroupFields, ZSetGroupTwoFactor, ZUpdateGroup } from "@/server/services/groups/groups.schema";
import { setGroupTwoFactor } from "@/server/services/groups/set-group-two-factor";
import { updateGroup } from "@/server/services/groups/update-group";

export const createGroupAction = defineAction({
  name: "groups.create",
  access: "groups:write",
  schema: ZGroupFields,
  handler: async (data, { actor }) => {
    const g = await createGroup({ data, actor });
    revalidatePath("/groups");
    return { id: g.id };
  },
});

export const updateGroupAction = defineAction({
  name: "groups.update",
  access: "groups:write",
  schema: ZUpdateGroup,
  handler: async (data, { actor }) => {
    const g = await updateGroup({ data, actor });
    revalidatePath("/groups");
    return { id: g.id };
  },
});

export const deleteGroupAction = defineAction({
  name: "groups.delete",
  access: "groups:write",
  schema: ZDeleteGroup,
  handler: async ({ groupId }, { actor }) => {
    await deleteGroup({ groupId, actor });
    revalidatePath("/groups");
    return { groupId };
  },
});

export const setGroupTwoFactorAction = defineAction({
  name: "groups.require-two-factor",
  access: "groups:write",
  schema: ZSetGroupTwoFactor,
  handler: async (data, { actor }) => {
    const g = await setGroupTwoFactor({ data, actor });
    revalidatePath("/groups");
    return { id: g.id, requireTwoFactor: g.requireTwoFactor };
  },
});
