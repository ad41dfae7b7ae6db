/** Shared by create and update: checks the groups named, and builds the plugin's OIDC config from discovery. */
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { SSO_SECRET_CONTEXT } from "@/server/auth/auth-db";
import { seal } from "@/server/secrets";
import type { OidcDiscovery } from "./discover-oidc";
import type { StoredOidcConfig } from "./sso-provider-dto";
import type { TCreateSsoProvider } from "./sso.schema";

type Fields = Omit<TCreateSsoProvider, "providerId" | "clientSecret">;

export const checkGroups = async (f: Pick<Fields, "defaultGroupId" | "groupMapping" | "allowProvisioning">): Promise<void> => {
  const ids = [...new Set([f.defaultGroupId, ...Object.values(f.groupMapping)].filter((x): x is string => !!x))];
  const found = new Set((await db.group.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((g) => g.id));
  if (f.defaultGroupId && !found.has(f.defaultGroupId)) throw new AppError("VALIDATION", "The default group no longer exists.", { fieldErrors: { defaultGroupId: ["Unknown group"] } });
  if (Object.values(f.groupMapping).some((id) => !found.has(id))) throw new AppError("VALIDATION", "A mapped group no longer exists.", { fieldErrors: { groupMapping: ["Unknown group"] } });
  if (f.allowProvisioning && !f.defaultGroupId && Object.keys(f.groupMapping).length === 0) {
    throw new AppError("VALIDATION", "Provisioning needs a default group or a claim mapping, or new users would have no group.", { fieldErrors: { defaultGroupId: ["Pick a group"] } });
  }
};

/** `sealedSecret` is already sealed: the plain secret never reaches the JSON. */
export const buildOidcConfig = (d: OidcDiscovery, f: Fields, sealedSecret: string): StoredOidcConfig => ({
  issuer: d.issuer,
  clientId: f.clientId,
  clientSecret: sealedSecret,
  authorizationEndpoint: d.authorizationEndpoint,
  tokenEndpoint: d.tokenEndpoint,
  tokenEndpointAuthentication: d.tokenEndpointAuthentication,
  jwksEndpoint: d.jwksEndpoint,
  userInfoEndpoint: d.userInfoEndpoint ?? undefined,
  discoveryEndpoint: d.discoveryEndpoint,
  pkce: true,
  scopes: f.scopes,
  mapping: { id: "sub", email: f.emailClaim, emailVerified: "email_verified", name: f.nameClaim, image: "picture" },
  overrideUserInfo: false,
});

export const sealClientSecret = (plain: string): string => seal(plain, SSO_SECRET_CONTEXT);

/** Bunker's own columns, shared by create and update. */
export const bunkerColumns = (f: Fields) => ({
  name: f.name,
  preset: f.preset,
  domain: f.domain.split(",").map((d) => d.trim().toLowerCase()).filter(Boolean).join(","),
  enabled: f.enabled,
  allowProvisioning: f.allowProvisioning,
  defaultGroupId: f.defaultGroupId,
  groupClaim: f.groupClaim,
  groupMapping: JSON.stringify(f.groupMapping),
  trusted: f.trusted,
  autoRedirect: f.autoRedirect,
});

/** What the audit log keeps of a provider: everything but the secret. */
export const auditView = (f: Fields & { providerId: string }) => ({
  providerId: f.providerId,
  name: f.name,
  preset: f.preset,
  issuer: f.issuer,
  clientId: f.clientId,
  domain: f.domain,
  enabled: f.enabled,
  allowProvisioning: f.allowProvisioning,
  defaultGroupId: f.defaultGroupId,
  groupClaim: f.groupClaim,
  groupMapping: f.groupMapping,
  trusted: f.trusted,
  autoRedirect: f.autoRedirect,
});
