import { withRoute } from "@/server/http/route";
import { ZBackupLocked } from "@/server/services/storage/storage.responses";
import { ZBackupId } from "@/server/services/storage/storage.schema";
import { setBackupLocked } from "@/server/services/storage/set-backup-locked";

export const dynamic = "force-dynamic";

// A locked backup is left alone by retention and delete.
export const PUT = withRoute({
  name: "backups.lock",
  access: "storage:delete",
  summary: "Lock a backup",
  responses: { 200: { description: "The backup, now locked", schema: ZBackupLocked } },
  params: ZBackupId,
  handler: async ({ params, actor }) => setBackupLocked({ backupId: params.backupId, locked: true, actor }),
});

export const DELETE = withRoute({
  name: "backups.unlock",
  access: "storage:delete",
  summary: "Unlock a backup",
  responses: { 200: { description: "The backup, now unlocked", schema: ZBackupLocked } },
  params: ZBackupId,
  handler: async ({ params, actor }) => setBackupLocked({ backupId: params.backupId, locked: false, actor }),
});
