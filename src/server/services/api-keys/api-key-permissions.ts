/**
 * better-auth stores a key's permissions as statements ({ jobs: ["execute"] }); Bunker speaks in
 * permission strings ("jobs:execute"). These convert between the two and narrow a grant.
 */
import { ALL_PERMISSIONS, type Grant, isPermission, type Permission } from "@/server/rbac/permissions";

export const toStatements = (perms: readonly Permission[]): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const p of perms) {
    const [area, action] = p.split(":") as [string, string];
    (out[area] ??= []).push(action);
  }
  return out;
};

export const fromStatements = (s: Record<string, string[]> | null | undefined): Permission[] => {
  if (!s) return [];
  return Object.entries(s).flatMap(([area, actions]) => (Array.isArray(actions) ? actions : []).map((a) => `${area}:${a}`)).filter(isPermission);
};

/** What the grant actually allows, as a list (SuperAdmin: everything). */
export const grantedPermissions = (grant: Grant): Permission[] =>
  grant.isSuperAdmin ? [...ALL_PERMISSIONS] : ALL_PERMISSIONS.filter((p) => grant.permissions.has(p));

/** A key acts with its own permissions, cut down to what its owner's group allows today. */
export const narrowGrant = (owner: Grant, keyPermissions: readonly Permission[]): Grant => {
  const allowed = new Set(grantedPermissions(owner));
  return { isSuperAdmin: false, permissions: new Set(keyPermissions.filter((p) => allowed.has(p))) };
};
