"use server";
import { APIError } from "better-auth/api";
import { z } from "zod";
import { auth } from "@/server/auth/auth";
import { authCall } from "@/server/auth/auth-errors";
import { clientIp, userAgent } from "@/server/auth/client-ip";
import { AppError } from "@/server/errors";
import { defineAction } from "@/server/http/action";
import { createFirstAdmin } from "@/server/services/setup/create-first-admin";
import { ZSetup } from "@/server/services/setup/setup.schema";

/** `twoFactor: true` when the password was right and a second factor is now asked for. */
const signIn = async (email: string, password: string, headers: Headers): Promise<{ twoFactor: boolean }> => {
  try {
    const r = await auth().api.signInEmail({ body: { email, password }, headers });
    return { twoFactor: !!(r as { twoFactorRedirect?: boolean }).twoFactorRedirect };
  } catch (e) {
    if (e instanceof APIError) {
      if (e.statusCode === 401) throw new AppError("UNAUTHENTICATED", "Wrong email or password.");
      if (e.statusCode === 403) throw new AppError("FORBIDDEN", e.message || "This account may not sign in.");
      if (e.statusCode === 429) throw new AppError("RATE_LIMITED", e.message || "Too many attempts. Wait a minute and try again.");
      throw new AppError("BAD_REQUEST", e.message);
    }
    throw e;
  }
};

export const setupAction = defineAction({
  name: "setup",
  access: "public",
  schema: ZSetup,
  handler: async (data, { headers }) => {
    await createFirstAdmin({ data, ip: clientIp(headers), userAgent: userAgent(headers) });
    await signIn(data.email, data.password, headers);
    return { done: true };
  },
});

export const signInAction = defineAction({
  name: "sign-in",
  access: "public",
  schema: z.object({ email: z.string().trim().toLowerCase().min(1, "Enter your email"), password: z.string().min(1, "Enter your password") }),
  handler: async ({ email, password }, { headers }) => signIn(email, password, headers),
});

export const verifySecondFactorAction = defineAction({
  name: "sign-in.second-factor",
  access: "public",
  schema: z.object({
    method: z.enum(["totp", "backup"]),
    code: z.string().trim().min(6, "Enter the code").max(40).transform((c) => c.replace(/\s+/g, "")),
    trustDevice: z.boolean().default(false),
  }),
  handler: async ({ method, code, trustDevice }, { headers }) => {
    await authCall(
      () => (method === "totp" ? auth().api.verifyTOTP({ body: { code, trustDevice }, headers }) : auth().api.verifyBackupCode({ body: { code, trustDevice }, headers })),
      "code",
    );
    return { done: true };
  },
});
