import { z } from "zod";
import { ALL_PERMISSIONS, type Permission } from "@/server/rbac/permissions";

export const ZCreateApiKey = z.object({
  name: z.string().trim().min(1, "Name the key after what uses it").max(60),
  permissions: z
    .array(z.string())
    .min(1, "Pick at least one permission")
    .refine((ps) => ps.every((p) => (ALL_PERMISSIONS as readonly string[]).includes(p)), "Unknown permission")
    .transform((ps) => [...new Set(ps)] as Permission[]),
  /** Days until it expires; null = never */
  expiresInDays: z.number().int().min(1).max(366).nullable(),
});
export type TCreateApiKey = z.infer<typeof ZCreateApiKey>;

export const ZApiKeyId = z.object({ keyId: z.string().min(1).max(100) });
export const ZSetApiKeyEnabled = ZApiKeyId.extend({ enabled: z.boolean() });
