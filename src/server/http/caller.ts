/**
 * Who is calling: resolved from the session cookie (API keys join here later). The group is read
 * fresh on every request, so a permission change or a disabled account takes effect at once.
 */
import { db } from "@/server/db";
import { auth } from "@/server/auth/auth";
import { clientIp, userAgent } from "@/server/auth/client-ip";
import type { Grant } from "@/server/rbac/permissions";
import type { Actor } from "@/server/services/audit/audit-context";

export type Caller = {
  userId: string;
  email: string;
  name: string;
  groupName: string;
  grant: Grant;
  sessionId: string;
  ip: string | null;
  userAgent: string | null;
};

const parsePermissions = (json: string | null | undefined): Set<string> => {
  try {
    const v: unknown = JSON.parse(json ?? "[]");
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  } catch {
    return new Set();
  }
};

export const resolveCaller = async (headers: Headers): Promise<Caller | null> => {
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const user = await db.user.findUnique({
    where: { id: session.user.id },
    select: { id: true, email: true, name: true, banned: true, group: { select: { name: true, permissions: true, isSuperAdmin: true } } },
  });
  if (!user || user.banned) return null;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    groupName: user.group?.name ?? "No group",
    grant: { isSuperAdmin: user.group?.isSuperAdmin ?? false, permissions: parsePermissions(user.group?.permissions) },
    sessionId: session.session.id,
    ip: clientIp(headers),
    userAgent: userAgent(headers),
  };
};

export const actorOf = (c: Caller): Actor => ({ kind: "user", userId: c.userId, email: c.email, ip: c.ip, userAgent: c.userAgent });
