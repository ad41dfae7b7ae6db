import { z } from "zod";
import { isPermission, type Permission } from "@/server/rbac/permissions";

const ZPermissions = z
  .array(z.string())
  .max(200)
  .refine((ps) => ps.every(isPermission), { message: "Unknown permission" })
  .transform((ps) => [...new Set(ps)].sort() as Permission[]);

export const ZGroupFields = z.object({
  name: z.string().trim().min(2, "Name is at least 2 characters").max(50).regex(/^[\w .-]+$/, "Letters, digits, spaces, dots, dashes and underscores only"),
  description: z.string().trim().max(300).optional().transform((s) => s || null),
  permissions: ZPermissions,
});
export type TGroupFields = z.infer<typeof ZGroupFields>;

export const ZUpdateGroup = ZGroupFields.extend({ groupId: z.string().min(1) });
export type TUpdateGroup = z.infer<typeof ZUpdateGroup>;

export const ZDeleteGroup = z.object({ groupId: z.string().min(1) });

export const ZSetGroupTwoFactor = z.object({ groupId: z.string().min(1), required: z.boolean() });
export type TSetGroupTwoFactor = z.infer<typeof ZSetGroupTwoFactor>;
