import { db } from "@/server/db";
import { CREDENTIAL_PROVIDER } from "../users/credentials";

export type PasskeyDto = { id: string; name: string; createdAt: Date | null; deviceType: string; backedUp: boolean };
export type LinkedProviderDto = { providerId: string; name: string; linkedAt: Date };

/** What the profile's security section shows: factors, passkeys and linked SSO providers. */
export const getSecurityOverview = async (userId: string) => {
  const [user, passkeys, accounts, providers] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: userId }, select: { twoFactorEnabled: true, group: { select: { requireTwoFactor: true } } } }),
    db.passkey.findMany({ where: { userId }, select: { id: true, name: true, createdAt: true, deviceType: true, backedUp: true }, orderBy: { createdAt: "asc" } }),
    db.account.findMany({ where: { userId }, select: { providerId: true, createdAt: true, password: true } }),
    db.ssoProvider.findMany({ select: { providerId: true, name: true } }),
  ]);
  const names = new Map(providers.map((p) => [p.providerId, p.name]));
  return {
    twoFactorEnabled: !!user.twoFactorEnabled,
    groupRequiresTwoFactor: !!user.group?.requireTwoFactor,
    hasPassword: accounts.some((a) => a.providerId === CREDENTIAL_PROVIDER && !!a.password),
    passkeys: passkeys.map((p): PasskeyDto => ({ ...p, name: p.name || "Unnamed passkey" })),
    linkedProviders: accounts
      .filter((a) => a.providerId !== CREDENTIAL_PROVIDER)
      .map((a): LinkedProviderDto => ({ providerId: a.providerId, name: names.get(a.providerId) || a.providerId, linkedAt: a.createdAt })),
  };
};
export type SecurityOverview = Awaited<ReturnType<typeof getSecurityOverview>>;
