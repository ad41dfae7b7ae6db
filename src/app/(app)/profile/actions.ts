"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/server/http/action";
import { changePassword } from "@/server/services/profile/change-password";
import { ZChangePassword, ZUpdateProfile } from "@/server/services/profile/profile.schema";
import { updateProfile } from "@/server/services/profile/update-profile";
import { updatePreferences } from "@/server/services/profile/preferences";
import { ZPreferences } from "@/server/services/profile/preferences.schema";
import { ZApiKeyId, ZCreateApiKey, ZSetApiKeyEnabled } from "@/server/services/api-keys/api-keys.schema";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { revokeApiKey, setApiKeyEnabled } from "@/server/services/api-keys/update-api-key";
import { deletePasskey, renamePasskey } from "@/server/services/profile/passkeys";
import { confirmTotp, disableTotp, regenerateBackupCodes, startTotpEnrolment } from "@/server/services/profile/two-factor";
import { revokeOtherSessions, revokeSession } from "@/server/services/sessions/revoke-sessions";

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

export const updatePreferencesAction = defineAction({
  name: "profile.preferences",
  access: "authenticated",
  schema: ZPreferences,
  handler: async (data, { caller, actor }) => {
    const r = await updatePreferences({ userId: caller.userId, data, actor });
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

// ─── security: TOTP, passkeys, sessions, API keys ───────────────────────────

const ZPassword = z.object({ password: z.string().max(256).optional() });

export const startTotpAction = defineAction({
  name: "profile.totp-start",
  access: "authenticated",
  schema: ZPassword,
  handler: async ({ password }, { actor, headers }) => startTotpEnrolment({ headers, password, actor }),
});

export const confirmTotpAction = defineAction({
  name: "profile.totp-confirm",
  access: "authenticated",
  schema: z.object({ code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code"), revokeOthers: z.boolean().default(false) }),
  handler: async ({ code, revokeOthers }, { caller, actor, headers }) => {
    // No revalidatePath: better-auth swaps the session here, and a render inside this request would
    // still carry the old cookie. The client refreshes with the new one.
    return confirmTotp({ headers, code, userId: caller.userId, revokeOthers, actor });
  },
});

export const disableTotpAction = defineAction({
  name: "profile.totp-disable",
  access: "authenticated",
  schema: ZPassword.extend({ revokeOthers: z.boolean().default(false) }),
  handler: async ({ password, revokeOthers }, { caller, actor, headers }) => {
    return disableTotp({ headers, password, userId: caller.userId, currentSessionId: caller.sessionId, revokeOthers, actor });
  },
});

export const regenerateBackupCodesAction = defineAction({
  name: "profile.backup-codes",
  access: "authenticated",
  schema: ZPassword,
  handler: async ({ password }, { caller, actor, headers }) => regenerateBackupCodes({ headers, password, userId: caller.userId, actor }),
});

export const renamePasskeyAction = defineAction({
  name: "profile.passkey-rename",
  access: "authenticated",
  schema: z.object({ passkeyId: z.string().min(1), name: z.string().trim().min(1, "Name it").max(60) }),
  handler: async ({ passkeyId, name }, { caller, actor }) => {
    const r = await renamePasskey({ userId: caller.userId, passkeyId, name, actor });
    revalidatePath("/profile");
    return r;
  },
});

export const deletePasskeyAction = defineAction({
  name: "profile.passkey-delete",
  access: "authenticated",
  schema: z.object({ passkeyId: z.string().min(1) }),
  handler: async ({ passkeyId }, { caller, actor }) => {
    const r = await deletePasskey({ userId: caller.userId, passkeyId, actor });
    revalidatePath("/profile");
    return r;
  },
});

export const revokeSessionAction = defineAction({
  name: "profile.session-revoke",
  access: "authenticated",
  schema: z.object({ sessionId: z.string().min(1) }),
  handler: async ({ sessionId }, { caller, actor }) => {
    const r = await revokeSession({ userId: caller.userId, sessionId, currentSessionId: caller.sessionId, actor });
    revalidatePath("/profile");
    return r;
  },
});

export const revokeOtherSessionsAction = defineAction({
  name: "profile.sessions-revoke-others",
  access: "authenticated",
  schema: z.object({}),
  handler: async (_input, { caller, actor }) => {
    const r = await revokeOtherSessions({ userId: caller.userId, currentSessionId: caller.sessionId, actor });
    revalidatePath("/profile");
    return r;
  },
});

export const createApiKeyAction = defineAction({
  name: "profile.apikey-create",
  access: "apikeys:write",
  schema: ZCreateApiKey,
  handler: async (data, { caller, actor }) => {
    const r = await createApiKey({ userId: caller.userId, grant: caller.grant, data, actor });
    revalidatePath("/profile");
    return r;
  },
});

export const setApiKeyEnabledAction = defineAction({
  name: "profile.apikey-enable",
  access: "authenticated",
  schema: ZSetApiKeyEnabled,
  handler: async ({ keyId, enabled }, { caller, actor }) => {
    const r = await setApiKeyEnabled({ userId: caller.userId, keyId, enabled, actor });
    revalidatePath("/profile");
    return r;
  },
});

export const revokeApiKeyAction = defineAction({
  name: "profile.apikey-revoke",
  access: "authenticated",
  schema: ZApiKeyId,
  handler: async ({ keyId }, { caller, actor }) => {
    const r = await revokeApiKey({ userId: caller.userId, keyId, actor });
    revalidatePath("/profile");
    return r;
  },
});
