import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

export const setSsoProviderEnabled = async ({ id, enabled, actor }: { id: string; enabled: boolean; actor: Actor }): Promise<void> => {
  const r = await db.ssoProvider.updateMany({ where: { id }, data: { enabled } });
  if (r.count === 0) throw new AppError("NOT_FOUND", "This SSO provider no longer exists.");
  await recordAudit({ actor, action: enabled ? "sso.enable" : "sso.disable", resourceType: "sso-provider", resourceId: id });
};
