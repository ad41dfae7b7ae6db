import { unlockAccount } from "@/server/auth/login-guard";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

/** Lifts a temporary sign-in lock (too many wrong passwords) before it runs out, and resets the failure count. */
export const unlockUser = async ({ userId, actor }: { userId: string; actor: Actor }): Promise<{ userId: string }> => {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, lockedUntil: true, failedLoginCount: true } });
  if (!user) throw new AppError("NOT_FOUND", "That user does not exist.");
  await unlockAccount(userId);
  await recordAudit({
    actor,
    action: "user.unlock",
    resourceType: "user",
    resourceId: userId,
    before: { email: user.email, lockedUntil: user.lockedUntil?.toISOString() ?? null, failedLoginCount: user.failedLoginCount },
    after: { email: user.email, lockedUntil: null, failedLoginCount: 0 },
  });
  return { userId };
};
