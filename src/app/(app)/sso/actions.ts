"use server";
import { revalidatePath } from "next/cache";
import { defineAction } from "@/server/http/action";
import { createSsoProvider } from "@/server/services/sso/create-sso-provider";
import { deleteSsoProvider } from "@/server/services/sso/delete-sso-provider";
import { setSsoProviderEnabled } from "@/server/services/sso/set-sso-provider-enabled";
import { ZCreateSsoProvider, ZSetSsoEnabled, ZSsoProviderId, ZTestDiscovery, ZUpdateSsoProvider } from "@/server/services/sso/sso.schema";
import { testSsoDiscovery } from "@/server/services/sso/test-sso-discovery";
import { updateSsoProvider } from "@/server/services/sso/update-sso-provider";

export const createSsoProviderAction = defineAction({
  name: "sso.create",
  access: "settings:write",
  schema: ZCreateSsoProvider,
  handler: async (data, { actor }) => {
    const p = await createSsoProvider({ data, actor });
    revalidatePath("/sso");
    return { id: p.id };
  },
});

export const updateSsoProviderAction = defineAction({
  name: "sso.update",
  access: "settings:write",
  schema: ZUpdateSsoProvider,
  handler: async (data, { actor }) => {
    const p = await updateSsoProvider({ data, actor });
    revalidatePath("/sso");
    return { id: p.id };
  },
});

export const setSsoProviderEnabledAction = defineAction({
  name: "sso.set-enabled",
  access: "settings:write",
  schema: ZSetSsoEnabled,
  handler: async ({ id, enabled }, { actor }) => {
    await setSsoProviderEnabled({ id, enabled, actor });
    revalidatePath("/sso");
    return { id };
  },
});

export const deleteSsoProviderAction = defineAction({
  name: "sso.delete",
  access: "settings:write",
  schema: ZSsoProviderId,
  handler: async ({ id }, { actor }) => {
    await deleteSsoProvider({ id, actor });
    revalidatePath("/sso");
    return { id };
  },
});

/** Reads a public document only; still settings:write, since it makes the server fetch a URL the caller picks. */
export const testSsoDiscoveryAction = defineAction({
  name: "sso.test-discovery",
  access: "settings:write",
  schema: ZTestDiscovery,
  handler: async ({ issuer }) => testSsoDiscovery(issuer),
});
