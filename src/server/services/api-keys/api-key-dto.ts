import type { Permission } from "@/server/rbac/permissions";

/** What the UI sees of a key: never the key or its hash, only its first characters. */
export type ApiKeyDto = {
  id: string;
  name: string;
  start: string | null;
  permissions: Permission[];
  enabled: boolean;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  createdAt: Date;
};
