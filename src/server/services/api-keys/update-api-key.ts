import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

const ownKey = async (userId: string, keyId: string) => {
  const key = await db.apikey.findFirst({ where: { id: keyId, referenceId: userId }, select: { id: true, name: true, enabled: true } });
  if (!key) throw new AppError("NOT_FOUND", "That API key does not exist.");
  return key;
};

/** A disabled key is refused at once and can be switched back on; the owner's keys only. */
export const setApiKeyEnabled = async ({ userId, keyId, enabled, actor }: { userId: string; keyId: string; enabled: boolean; actor: Actor }) => {
  const key = await ownKey(userId, keyId);
  await db.apikey.update({ where: { id: key.id }, data: { enabled, updatedAt: new Date() } });
  await recordAudit({ actor, action: enabled ? "apikey.enable" : "apikey.disable", resourceType: "apikey", resourceId: key.id, before: { enabled: key.enabled !== false }, after: { enabled } });
  return { id: key.id, enabled };
};

/** Revoking deletes the key: its hash is gone, so nothing can bring it back. */
export const revokeApiKey = async ({ userId, keyId, actor }: { userId: string; keyId: string; actor: Actor }) => {
  const key = await ownKey(userId, keyId);
  await db.apikey.delete({ where: { id: key.id } });
  await recordAudit({ actor, action: "apikey.revoke", resourceType: "apikey", resourceId: key.id, before: { name: key.name } });
  return { id: key.id };
};
