import type { Group } from "@/generated/prisma/client";

export type GroupDto = {
  id: string;
  name: string;
  description: string | null;
  permissions: string[];
  isSuperAdmin: boolean;
  isSystem: boolean;
  /** Members need TOTP or a passkey before they can use anything but their profile */
  requireTwoFactor: boolean;
  userCount: number;
};

export const parseGroupPermissions = (json: string): string[] => {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

export const toGroupDto = (g: Group & { _count?: { users: number } }): GroupDto => ({
  id: g.id,
  name: g.name,
  description: g.description,
  permissions: parseGroupPermissions(g.permissions),
  isSuperAdmin: g.isSuperAdmin,
  isSystem: g.isSystem,
  requireTwoFactor: g.requireTwoFactor,
  userCount: g._count?.users ?? 0,
});
