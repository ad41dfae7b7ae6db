/** Locks a backup (retention and delete leave it alone) or unlocks it. Audited as backup.lock / backup.unlock. */
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Actor } from "../audit/audit-context";
import { recordAudit } from "../audit/record-audit";

export const setBackupLocked = async ({ backupId, locked, actor }: { backupId: string; locked: boolean; actor: Actor }): Promise<{ id: string; locked: boolean }> => {
  const row = await db.backup.findUnique({ where: { id: backupId }, select: { id: true, key: true, locked: true } });
  if (!row) throw new AppError("NOT_FOUND", "That backup does not exist (it may have been deleted by retention).");
  if (row.locked !== locked) await db.backup.update({ where: { id: backupId }, data: { locked } });
  await recordAudit({
    actor,
    action: locked ? "backup.lock" : "backup.unlock",
    resourceType: "backup",
    resourceId: backupId,
    before: { locked: row.locked },
    after: { locked },
    details: { key: row.key },
  });
  return { id: row.id, locked };
};
