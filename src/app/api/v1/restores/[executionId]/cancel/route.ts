import { withRoute } from "@/server/http/route";
import { ZRunCancelled } from "@/server/services/executions/executions.responses";
import { ZExecutionParams } from "@/server/services/executions/executions.schema";
import { cancelRun } from "@/server/services/runs/cancel-run";

export const dynamic = "force-dynamic";

// POST /api/v1/restores/:executionId/cancel - stop a pending or running restore (storage:restore).
// Whoever may start a restore may stop one; any other run type answers 404 here (see executions cancel).
export const POST = withRoute({
  name: "restores.cancel",
  access: "storage:restore",
  summary: "Cancel a pending or running restore",
  responses: {
    200: { description: "The restore and its status after the cancel (as it was, when it had already ended)", schema: ZRunCancelled },
    404: { description: "No such restore (another run type answers 404 too)" },
  },
  params: ZExecutionParams,
  handler: async ({ params, actor }) => {
    const result = await cancelRun({ executionId: params.executionId, actor, onlyType: "Restore" });
    // Nothing is created: 200, not the wrapper's default 201 for POST.
    return Response.json({ executionId: params.executionId, status: result.status });
  },
});
