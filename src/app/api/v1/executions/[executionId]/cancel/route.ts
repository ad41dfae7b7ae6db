import { withRoute } from "@/server/http/route";
import { ZRunCancelled } from "@/server/services/executions/executions.responses";
import { ZExecutionParams } from "@/server/services/executions/executions.schema";
import { cancelRun } from "@/server/services/runs/cancel-run";

export const dynamic = "force-dynamic";

// POST /api/v1/executions/:executionId/cancel - stop a pending or running run (jobs:execute)
export const POST = withRoute({
  name: "executions.cancel",
  access: "jobs:execute",
  summary: "Cancel a pending or running run",
  responses: { 200: { description: "The run and its status after the cancel (as it was, when it had already ended)", schema: ZRunCancelled } },
  params: ZExecutionParams,
  handler: async ({ params, actor }) => {
    const result = await cancelRun({ executionId: params.executionId, actor });
    // Nothing is created: 200, not the wrapper's default 201 for POST.
    return Response.json({ executionId: params.executionId, status: result.status });
  },
});
