import { withRoute } from "@/server/http/route";
import { ZVerifyResult } from "@/server/services/storage/storage.responses";
import { ZBackupId } from "@/server/services/storage/storage.schema";
import { verifyBackup } from "@/server/services/storage/verify-backup";

export const dynamic = "force-dynamic";

// Reads the whole backup back (checksum, size, encryption) and records the outcome on the backup.
export const POST = withRoute({
  name: "backups.verify",
  access: "storage:download",
  summary: "Verify a backup by reading it back",
  params: ZBackupId,
  responses: { 200: { description: "The verification outcome (status ok or failed), also recorded on the backup", schema: ZVerifyResult } },
  handler: async ({ req, params, actor }) => Response.json(await verifyBackup({ backupId: params.backupId, actor, signal: req.signal })),
});
