import { withRoute } from "@/server/http/route";
import { preflightRestore } from "@/server/services/restore/preflight-restore";
import { ZRestoreAction } from "@/server/services/restore/restore.schema";

export const dynamic = "force-dynamic";

// POST /api/v1/restores/preflight - the restore checklist for { backupId, targetSourceId, database, … } (storage:restore)
export const POST = withRoute({
  name: "restores.preflight",
  access: "storage:restore",
  summary: "Check a restore before running it",
  body: ZRestoreAction,
  handler: async ({ body }) => Response.json(await preflightRestore(body)),
});
