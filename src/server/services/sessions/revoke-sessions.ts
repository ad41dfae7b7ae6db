import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

export const revokeSession = async ({ userId, sessionId, currentSessionId, actor }: { userId: string; sessionId: string; currentSessionId: string; actor: Actor }) => {
  if (sessionId === currentSessionId) throw new AppError("CONFLICT", "This is the session you are using. Sign out instead.");
  const r = await db.session.deleteMany({ where: { id: sessionId, userId } });
  if (!r.count) throw new AppError("NOT_FOUND", "That session has already ended.");
  await recordAudit({ actor, action: "session.revoke", resourceType: "session", resourceId: sessionId });
  return { revoked: 1 };
};

/** Every session of the user but the current one. */
export const revokeOtherSessions = async ({ userId, currentSessionId, actor, reason }: { userId: string; currentSessionId: string; actor: Actor; reason?: string }) => {
  const r = await db.session.deleteMany({ where: { userId, id: { not: currentSessionId } } });
  await recordAudit({ actor, action: "session.revoke_others", resourceType: "user", resourceId: userId, details: { revoked: r.count, ...(reason ? { reason } : {}) } });
  return { revoked: r.count };
};
