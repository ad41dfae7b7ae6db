import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { forgetSsoOrigins } from "@/server/auth/sso-origins";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

/** Users it provisioned stay; their links to it go, so they sign in with a password or another provider. */
export const deleteSsoProvider = async ({ id, actor }: { id: string; actor: Actor }): Promise<void> => {
  const row = await db.ssoProvider.findUnique({ where: { id }, select: { providerId: true, name: true } });
  if (!row) throw new AppError("NOT_FOUND", "This SSO provider no longer exists.");
  const unlinked = await db.$transaction(async (tx) => {
    const a = await tx.account.deleteMany({ where: { providerId: row.providerId } });
    await tx.ssoProvider.delete({ where: { id } });
    return a.count;
  });
  forgetSsoOrigins();
  await recordAudit({ actor, action: "sso.delete", resourceType: "sso-provider", resourceId: id, before: { providerId: row.providerId, name: row.name }, details: { unlinkedAccounts: unlinked } });
};
