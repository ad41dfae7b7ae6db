import type { SsoProvider } from "@/generated/prisma/client";
import { env } from "@/server/env";
import type { SsoPresetId } from "./sso-presets";

/** An SSO provider as the admin page sees it: never the client secret, only whether one is stored. */
export type SsoProviderDto = {
  id: string;
  providerId: string;
  name: string;
  preset: SsoPresetId;
  issuer: string;
  clientId: string;
  hasClientSecret: boolean;
  scopes: string[];
  emailClaim: string;
  nameClaim: string;
  groupClaim: string | null;
  groupMapping: Record<string, string>;
  domain: string;
  enabled: boolean;
  allowProvisioning: boolean;
  defaultGroupId: string | null;
  trusted: boolean;
  autoRedirect: boolean;
  callbackUrl: string;
  createdAt: string;
};

export const ssoCallbackUrl = (providerId: string): string => `${env().authUrl.replace(/\/+$/, "")}/api/auth/sso/callback/${providerId}`;

/** The plugin's OIDC config as stored (client secret still sealed). */
export type StoredOidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  tokenEndpointAuthentication?: string;
  jwksEndpoint?: string;
  userInfoEndpoint?: string;
  discoveryEndpoint?: string;
  pkce?: boolean;
  scopes?: string[];
  mapping?: { id?: string; email: string; emailVerified?: string; name: string; image?: string; extraFields?: Record<string, string> };
  overrideUserInfo?: boolean;
};

export const parseOidcConfig = (json: string | null): StoredOidcConfig | null => {
  if (!json) return null;
  try {
    return JSON.parse(json) as StoredOidcConfig;
  } catch {
    return null;
  }
};

const parseMapping = (json: string): Record<string, string> => {
  try {
    const m = JSON.parse(json) as unknown;
    return m && typeof m === "object" ? Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => typeof e[1] === "string")) : {};
  } catch {
    return {};
  }
};

export const toSsoProviderDto = (row: SsoProvider): SsoProviderDto => {
  const cfg = parseOidcConfig(row.oidcConfig);
  return {
    id: row.id,
    providerId: row.providerId,
    name: row.name || row.providerId,
    preset: row.preset as SsoPresetId,
    issuer: row.issuer,
    clientId: cfg?.clientId ?? "",
    hasClientSecret: !!cfg?.clientSecret,
    scopes: cfg?.scopes ?? [],
    emailClaim: cfg?.mapping?.email ?? "email",
    nameClaim: cfg?.mapping?.name ?? "name",
    groupClaim: row.groupClaim,
    groupMapping: parseMapping(row.groupMapping),
    domain: row.domain,
    enabled: row.enabled,
    allowProvisioning: row.allowProvisioning,
    defaultGroupId: row.defaultGroupId,
    trusted: row.trusted,
    autoRedirect: row.autoRedirect,
    callbackUrl: ssoCallbackUrl(row.providerId),
    createdAt: row.createdAt.toISOString(),
  };
};
