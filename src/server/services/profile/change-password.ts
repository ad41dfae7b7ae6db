import { hashPassword, verifyPassword } from "better-auth/crypto";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";
import { CREDENTIAL_PROVIDER } from "../users/credentials";
import type { TChangePassword } from "./profile.schema";

export type ChangePasswordOptions = { userId: string; currentSessionId: string; data: TChangePassword; actor: Actor };

export const changePassword = async ({ userId, currentSessionId, data, actor }: ChangePasswordOptions): Promise<{ revokedSessions: number }> => {
  const account = await db.account.findFirst({ where: { userId, providerId: CREDENTIAL_PROVIDER }, select: { id: true, password: true } });
  if (!account?.password) throw new AppError("PRECONDITION_FAILED", "This account signs in without a password (SSO or passkey).");
  if (!(await verifyPassword({ hash: account.password, password: data.currentPassword }))) {
    await recordAudit({ actor, action: "profile.change_password", resourceType: "user", resourceId: userId, outcome: "failure", details: { reason: "wrong current password" } });
    throw new AppError("VALIDATION", "The current password is wrong.", { fieldErrors: { currentPassword: ["Wrong password"] } });
  }
  const hash = await hashPassword(data.newPassword);
  const revoked = await db.$transaction(async (tx) => {
    await tx.account.update({ where: { id: account.id }, data: { password: hash } });
    if (!data.revokeOtherSessions) return 0;
    const r = await tx.session.deleteMany({ where: { userId, id: { not: currentSessionId } } });
    return r.count;
  });
  await recordAudit({ actor, action: "profile.change_password", resourceType: "user", resourceId: userId, details: { revokedOtherSessions: revoked } });
  return { revokedSessions: revoked };
};
