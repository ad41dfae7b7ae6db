import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { forgetSsoOrigins } from "@/server/auth/sso-origins";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { discoverOidc } from "./discover-oidc";
import { parseOidcConfig, type SsoProviderDto, toSsoProviderDto } from "./sso-provider-dto";
import { auditView, buildOidcConfig, bunkerColumns, checkGroups, sealClientSecret } from "./sso-provider-write";
import type { TUpdateSsoProvider } from "./sso.schema";

/** An empty client secret keeps the stored (sealed) one; the issuer is discovered again on every save. */
export const updateSsoProvider = async ({ data, actor }: { data: TUpdateSsoProvider; actor: Actor }): Promise<SsoProviderDto> => {
  const before = await db.ssoProvider.findUnique({ where: { id: data.id } });
  if (!before) throw new AppError("NOT_FOUND", "This SSO provider no longer exists.");
  await checkGroups(data);
  const old = parseOidcConfig(before.oidcConfig);
  const sealed = data.clientSecret ? sealClientSecret(data.clientSecret) : old?.clientSecret;
  if (!sealed) throw new AppError("VALIDATION", "Enter the client secret.", { fieldErrors: { clientSecret: ["Required"] } });
  const discovery = await discoverOidc(data.issuer);
  const config = buildOidcConfig(discovery, data, sealed);
  const row = await db.$transaction(async (tx) => {
    if (data.autoRedirect) await tx.ssoProvider.updateMany({ where: { id: { not: data.id } }, data: { autoRedirect: false } });
    return tx.ssoProvider.update({ where: { id: data.id }, data: { issuer: discovery.issuer, oidcConfig: JSON.stringify(config), ...bunkerColumns(data) } });
  });
  forgetSsoOrigins();
  const prev = toSsoProviderDto(before);
  await recordAudit({
    actor,
    action: "sso.update",
    resourceType: "sso-provider",
    resourceId: row.id,
    before: auditView({ ...prev, groupClaim: prev.groupClaim, defaultGroupId: prev.defaultGroupId }),
    after: auditView({ ...data, providerId: before.providerId, issuer: discovery.issuer }),
    details: { clientSecretChanged: !!data.clientSecret },
  });
  return toSsoProviderDto(row);
};
