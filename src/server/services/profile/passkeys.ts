import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

const own = async (userId: string, passkeyId: string) => {
  const p = await db.passkey.findFirst({ where: { id: passkeyId, userId }, select: { id: true, name: true } });
  if (!p) throw new AppError("NOT_FOUND", "That passkey does not exist.");
  return p;
};

export const renamePasskey = async ({ userId, passkeyId, name, actor }: { userId: string; passkeyId: string; name: string; actor: Actor }) => {
  const p = await own(userId, passkeyId);
  await db.passkey.update({ where: { id: p.id }, data: { name } });
  await recordAudit({ actor, action: "profile.passkey_rename", resourceType: "passkey", resourceId: p.id, before: { name: p.name }, after: { name } });
  return { id: p.id, name };
};

export const deletePasskey = async ({ userId, passkeyId, actor }: { userId: string; passkeyId: string; actor: Actor }) => {
  const p = await own(userId, passkeyId);
  await db.passkey.delete({ where: { id: p.id } });
  await recordAudit({ actor, action: "profile.passkey_delete", resourceType: "passkey", resourceId: p.id, before: { name: p.name } });
  return { id: p.id };
};
