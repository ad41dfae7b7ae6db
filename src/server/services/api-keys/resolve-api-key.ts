/**
 * An API key presented as `Authorization: Bearer`: verified by better-auth (hash lookup, enabled,
 * expiry; it stamps last-used), then given the key's permissions narrowed to what the owner's group
 * allows right now, so a demoted or disabled owner takes their keys down with them.
 */
import { auth } from "@/server/auth/auth";
import { db } from "@/server/db";
import type { Grant } from "@/server/rbac/permissions";
import { fromStatements, narrowGrant } from "./api-key-permissions";

export type ApiKeyIdentity = { keyId: string; userId: string; email: string; name: string; groupName: string; grant: Grant };

const parsePermissions = (json: string | null | undefined): Set<string> => {
  try {
    const v: unknown = JSON.parse(json ?? "[]");
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  } catch {
    return new Set();
  }
};

export const resolveApiKey = async (key: string): Promise<ApiKeyIdentity | null> => {
  const r = await auth().api.verifyApiKey({ body: { key } });
  if (!r.valid || !r.key) return null;
  const owner = await db.user.findUnique({
    where: { id: r.key.referenceId },
    select: { id: true, email: true, name: true, banned: true, group: { select: { name: true, permissions: true, isSuperAdmin: true } } },
  });
  if (!owner || owner.banned || !owner.group) return null;
  const ownerGrant: Grant = { isSuperAdmin: owner.group.isSuperAdmin, permissions: parsePermissions(owner.group.permissions) };
  return {
    keyId: r.key.id,
    userId: owner.id,
    email: owner.email,
    name: owner.name,
    groupName: owner.group.name,
    grant: narrowGrant(ownerGrant, fromStatements(r.key.permissions as Record<string, string[]> | null)),
  };
};
