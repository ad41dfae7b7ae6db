import { z } from "zod";

export const ZName = z.string().trim().min(1, "Name is required").max(100, "Name is at most 100 characters");
// Trim and lowercase before the format check, so "  Ada@Example.com " is accepted as ada@example.com.
export const ZEmail = z.string().trim().toLowerCase().max(320, "Email is at most 320 characters").pipe(z.email("Enter a valid email address"));
export const ZPassword = z
  .string()
  .min(10, "Password must be at least 10 characters")
  .max(256, "Password is at most 256 characters");

export const ZCreateUser = z.object({ name: ZName, email: ZEmail, password: ZPassword, groupId: z.string().min(1, "Pick a group") });
export type TCreateUser = z.infer<typeof ZCreateUser>;

export const ZUpdateUser = z.object({
  userId: z.string().min(1),
  name: ZName,
  email: ZEmail,
  groupId: z.string().min(1, "Pick a group"),
  /** Empty keeps the current password */
  newPassword: z.union([z.literal(""), ZPassword]).optional(),
});
export type TUpdateUser = z.infer<typeof ZUpdateUser>;

export const ZSetUserDisabled = z.object({ userId: z.string().min(1), disabled: z.boolean() });
export const ZUnlockUser = z.object({ userId: z.string().min(1) });
