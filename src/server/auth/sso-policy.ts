/**
 * Who may come in through an SSO provider, decided inside better-auth's sign-in transaction:
 * - a provider that is switched off, or an email outside its domain, is refused;
 * - an account already linked to this provider continues;
 * - an existing local account with the same email is linked only when the provider is marked trusted
 *   AND the provider says the email is verified (otherwise an IdP that lets users pick their email
 *   could take over a local admin);
 * - an unknown email is created only when provisioning is allowed, and then lands in a group mapped
 *   from a claim or in the provider's default group (provisionUser, after the commit).
 */
import type { SSOUserResolution, SSOUserResolutionInput } from "@better-auth/sso";
import { db } from "@/server/db";
import { recordAudit } from "@/server/services/audit/record-audit";

const reject = (code: string, message: string): SSOUserResolution => ({ action: "reject", code, message });

export const emailInDomain = (email: string, domains: string): boolean => {
  const list = domains.split(",").map((d) => d.trim().toLowerCase()).filter((d) => d && d !== "*");
  if (!list.length) return true;
  const host = email.toLowerCase().split("@")[1] ?? "";
  return list.some((d) => host === d || host.endsWith(`.${d}`));
};

/** Claims seen at resolution, kept for the group mapping that runs after the user row exists. */
const g = globalThis as unknown as { bunkerSsoClaims?: Map<string, { claims: Record<string, unknown>; at: number }> };
const claimsByLogin = () => (g.bunkerSsoClaims ??= new Map());
const claimKey = (providerId: string, email: string) => `${providerId}\n${email.toLowerCase()}`;

export const resolveSsoUser = async (input: SSOUserResolutionInput): Promise<SSOUserResolution> => {
  if (input.protocol !== "oidc") return reject("SSO_UNSUPPORTED", "Only OIDC providers are supported.");
  const provider = await db.ssoProvider.findUnique({
    where: { providerId: input.providerId },
    select: { enabled: true, domain: true, trusted: true, allowProvisioning: true },
  });
  if (!provider?.enabled) return reject("SSO_PROVIDER_DISABLED", "This sign-in provider is switched off.");
  const email = input.providerUser.email.toLowerCase();
  if (!emailInDomain(email, provider.domain)) return reject("SSO_EMAIL_DOMAIN", `Accounts from this provider must use an address in ${provider.domain}.`);

  const linked = await db.account.findFirst({ where: { providerId: input.providerId, accountId: input.accountKey.accountId }, select: { userId: true } });
  if (linked) return { action: "continue" };

  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) {
    if (!provider.trusted) return reject("SSO_NOT_LINKED", "A local account uses this email. Sign in with it and ask an administrator to mark this provider as trusted to link them.");
    if (!input.providerUser.emailVerified) return reject("SSO_EMAIL_UNVERIFIED", "The provider does not say this email is verified, so it cannot be linked to the existing account.");
    return { action: "link", userId: existing.id, profile: "preserve" };
  }
  if (!provider.allowProvisioning) return reject("SSO_NO_PROVISIONING", "No Bunker account exists for this email and this provider may not create one.");
  claimsByLogin().set(claimKey(input.providerId, email), { claims: input.providerClaims, at: Date.now() });
  return { action: "continue" };
};

const claimValues = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : []);

/** The group for a provisioned user: the first mapped claim value, else the provider's default. */
export const groupForClaims = (claims: Record<string, unknown>, groupClaim: string | null, mappingJson: string, defaultGroupId: string | null): string | null => {
  if (groupClaim) {
    let mapping: Record<string, string>;
    try {
      mapping = JSON.parse(mappingJson) as Record<string, string>;
    } catch {
      mapping = {};
    }
    for (const value of claimValues(claims[groupClaim])) if (typeof mapping[value] === "string") return mapping[value];
  }
  return defaultGroupId;
};

export const provisionSsoUser = async (data: { user: { id: string; email: string }; userInfo: Record<string, unknown>; provider: { providerId: string } }) => {
  const provider = await db.ssoProvider.findUnique({
    where: { providerId: data.provider.providerId },
    select: { name: true, defaultGroupId: true, groupClaim: true, groupMapping: true },
  });
  const key = claimKey(data.provider.providerId, data.user.email);
  const stashed = claimsByLogin().get(key);
  claimsByLogin().delete(key);
  for (const [k, v] of claimsByLogin()) if (Date.now() - v.at > 10 * 60_000) claimsByLogin().delete(k);
  if (!provider) return;
  const wanted = groupForClaims({ ...data.userInfo, ...stashed?.claims }, provider.groupClaim, provider.groupMapping, provider.defaultGroupId);
  const group = wanted ? await db.group.findUnique({ where: { id: wanted }, select: { id: true, name: true } }) : null;
  await db.user.update({ where: { id: data.user.id }, data: { groupId: group?.id ?? null } });
  await recordAudit({
    actor: { kind: "system" },
    action: "user.provision",
    resourceType: "user",
    resourceId: data.user.id,
    details: { provider: data.provider.providerId, email: data.user.email, group: group?.name ?? null },
  });
};
