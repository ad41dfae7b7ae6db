"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/server/http/action";
import { createProfile } from "@/server/services/vault/create-profile";
import { deleteProfile } from "@/server/services/vault/delete-profile";
import { importProfile } from "@/server/services/vault/import-profile";
import { renameProfile } from "@/server/services/vault/rename-profile";
import { ZCreateProfile, ZImportProfile, ZProfileRef, ZRenameProfile } from "@/server/services/vault/vault.schema";

/** What the dialogs get back: public facts only, never the identity. */
const summary = (p: { id: string; name: string; recipient: string }) => ({ id: p.id, name: p.name, recipient: p.recipient });

export const createProfileAction = defineAction({
  name: "vault.create",
  access: "vault:write",
  schema: ZCreateProfile,
  handler: async (data, { actor }) => {
    const p = await createProfile({ data, actor });
    revalidatePath("/vault");
    return summary(p);
  },
});

export const importProfileAction = defineAction({
  name: "vault.import",
  access: "vault:write",
  schema: ZImportProfile,
  handler: async (data, { actor }) => {
    const p = await importProfile({ data, actor });
    revalidatePath("/vault");
    return summary(p);
  },
});

export const renameProfileAction = defineAction({
  name: "vault.rename",
  access: "vault:write",
  schema: ZRenameProfile,
  handler: async (data, { actor }) => {
    const p = await renameProfile({ data, actor });
    revalidatePath("/vault");
    return summary(p);
  },
});

export const deleteProfileAction = defineAction({
  name: "vault.delete",
  access: "vault:write",
  schema: ZProfileRef,
  handler: async ({ profileId }, { actor }) => {
    await deleteProfile({ profileId, actor });
    revalidatePath("/vault");
    return { profileId };
  },
});
