import { z } from "zod";
import { ZEmail, ZName, ZPassword } from "../users/users.schema";

export const ZUpdateProfile = z.object({ name: ZName, email: ZEmail });
export type TUpdateProfile = z.infer<typeof ZUpdateProfile>;

export const ZChangePassword = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password"),
    newPassword: ZPassword,
    confirmPassword: z.string(),
    revokeOtherSessions: z.boolean().default(true),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: "Passwords do not match", path: ["confirmPassword"] })
  .refine((v) => v.newPassword !== v.currentPassword, { message: "Choose a password different from the current one", path: ["newPassword"] });
export type TChangePassword = z.infer<typeof ZChangePassword>;
