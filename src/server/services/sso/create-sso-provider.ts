import { randomUUID } from "node:crypto";
import { db } from "@/server/db";
import { AppError, isUniqueViolation } from "@/server/errors";
import { forgetSsoOrigins } from "@/server/auth/sso-origins";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { discoverOidc } from "./discover-oidc";
import { type SsoProviderDto, toSsoProviderDto } from "./sso-provider-dto";
import { auditView, buildOidcConfig, bunkerColumns, checkGroups, sealClientSecret } from "./sso-provider-write";
import type { TCreateSsoProvider } from "./sso.schema";

/** Written straight to the table (the plugin's register endpoint needs a browser session and seals nothing). */
export const createSsoProvider = async ({ data, actor }: { data: TCreateSsoProvider; actor: Actor }): Promise<SsoProviderDto> => {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", "An SSO provider is registered by a signed-in administrator.");
  await checkGroups(data);
  if (await db.ssoProvider.findUnique({ where: { providerId: data.providerId }, select: { id: true } })) {
    throw new AppError("CONFLICT", `A provider with ID ${data.providerId} already exists.`, { fieldErrors: { providerId: ["Already in use"] } });
  }
  const discovery = await discoverOidc(data.issuer);
  const config = buildOidcConfig(discovery, data, sealClientSecret(data.clientSecret));
  try {
    const row = await db.$transaction(async (tx) => {
      if (data.autoRedirect) await tx.ssoProvider.updateMany({ data: { autoRedirect: false } });
      return tx.ssoProvider.create({
        data: { id: randomUUID(), providerId: data.providerId, issuer: discovery.issuer, oidcConfig: JSON.stringify(config), userId: actor.userId, ...bunkerColumns(data) },
      });
    });
    forgetSsoOrigins();
    await recordAudit({ actor, action: "sso.create", resourceType: "sso-provider", resourceId: row.id, after: auditView({ ...data, issuer: discovery.issuer }) });
    return toSsoProviderDto(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", `A provider with ID ${data.providerId} already exists.`, { fieldErrors: { providerId: ["Already in use"] } });
    throw e;
  }
};
