/**
 * Who is calling: a session cookie, or (for route handlers) an API key sent as
 * `Authorization: Bearer`. The group is read fresh on every request, so a permission change or a
 * disabled account takes effect at once.
 */
import { db } from "@/server/db";
import { auth } from "@/server/auth/auth";
import { bearerApiKey } from "@/server/auth/api-key-format";
import { clientIp, refreshTrustedProxies, userAgent } from "@/server/auth/client-ip";
import type { Grant } from "@/server/rbac/permissions";
import { resolveApiKey } from "@/server/services/api-keys/resolve-api-key";
import type { Actor } from "@/server/services/audit/audit-context";

export type Caller = {
  userId: string;
  email: string;
  name: string;
  groupName: string;
  grant: Grant;
  /** The session id, or `apikey:<id>` for a key */
  sessionId: string;
  ip: string | null;
  userAgent: string | null;
  /** Set when the call is made with an API key */
  apiKeyId?: string | null;
  /** The group requires a second factor and the user has none yet: only their profile is open */
  needsTwoFactor?: boolean;
};

const parsePermissions = (json: string | null | undefined): Set<string> => {
  try {
    const v: unknown = JSON.parse(json ?? "[]");
    return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  } catch {
    return new Set();
  }
};

export type ResolveOptions = { allowApiKey?: boolean };

export const resolveCaller = async (headers: Headers, opts: ResolveOptions = {}): Promise<Caller | null> => {
  await refreshTrustedProxies();
  const key = opts.allowApiKey ? bearerApiKey(headers) : null;
  if (key) {
    // A presented key decides alone: a bad key is refused, never upgraded by a cookie riding along.
    const id = await resolveApiKey(key);
    if (!id) return null;
    return { userId: id.userId, email: id.email, name: id.name, groupName: id.groupName, grant: id.grant, sessionId: `apikey:${id.keyId}`, ip: clientIp(headers), userAgent: userAgent(headers), apiKeyId: id.keyId, needsTwoFactor: false };
  }
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const user = await db.user.findUnique({
    where: { id: session.user.id },
    select: {
      id: true, email: true, name: true, banned: true, twoFactorEnabled: true,
      group: { select: { name: true, permissions: true, isSuperAdmin: true, requireTwoFactor: true } },
      _count: { select: { passkeys: true } },
    },
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
    apiKeyId: null,
    needsTwoFactor: !!user.group?.requireTwoFactor && !user.twoFactorEnabled && user._count.passkeys === 0,
  };
};

export const actorOf = (c: Caller): Actor => ({ kind: "user", userId: c.userId, email: c.email, ip: c.ip, userAgent: c.userAgent });
