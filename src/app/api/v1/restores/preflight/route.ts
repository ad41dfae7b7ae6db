import { withRoute } from "@/server/http/route";
import { preflightRestore } from "@/server/services/restore/preflight-restore";
import { ZPreflightResult } from "@/server/services/restore/restore.responses";
import { ZRestoreAction } from "@/server/services/restore/restore.schema";

export const dynamic = "force-dynamic";

// POST /api/v1/restores/preflight - the restore checklist for { backupId, targetSourceId, database, … } (storage:restore)
export const POST = withRoute({
  name: "restores.preflight",
  access: "storage:restore",
  summary: "Check a restore before running it",
  body: ZRestoreAction,
  responses: {
    200: { description: "The checklist: every item ok, warn or fail (a failing target is an item, not an error)", schema: ZPreflightResult },
    404: { description: "No such backup" },
    412: { description: "The backup's recorded manifest cannot be read" },
  },
  handler: async ({ body }) => Response.json(await preflightRestore(body)),
});
