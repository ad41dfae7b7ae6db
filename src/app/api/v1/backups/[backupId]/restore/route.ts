import { withRoute } from "@/server/http/route";
import { ZExecutionStarted } from "@/server/services/restore/restore.responses";
import { ZBackupParams, ZRestoreRequest } from "@/server/services/restore/restore.schema";
import { startRestoreRun } from "@/server/services/restore/start-restore-run";

export const dynamic = "force-dynamic";

// POST /api/v1/backups/:backupId/restore - queue a restore of this backup (storage:restore) → 202 { executionId }
export const POST = withRoute({
  name: "backups.restore",
  access: "storage:restore",
  summary: "Restore a backup into a source",
  responses: {
    202: { description: "The restore is queued; poll the Location (/api/v1/executions/{executionId})", schema: ZExecutionStarted },
    404: { description: "No such backup or target source" },
    412: { description: "The target cannot take this backup (another engine, or its config cannot be opened)" },
  },
  params: ZBackupParams,
  body: ZRestoreRequest,
  handler: async ({ params, body, actor }) => {
    const { executionId } = await startRestoreRun({ ...body, backupId: params.backupId, actor, trigger: "api" });
    return Response.json({ executionId }, { status: 202, headers: { location: `/api/v1/executions/${executionId}` } });
  },
});
