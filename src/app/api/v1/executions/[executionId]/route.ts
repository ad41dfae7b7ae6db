import { AppError } from "@/server/errors";
import { withRoute } from "@/server/http/route";
import { ZExecutionResponse } from "@/server/services/executions/executions.responses";
import { ZExecutionParams } from "@/server/services/executions/executions.schema";
import { getExecution } from "@/server/services/executions/get-execution";

export const dynamic = "force-dynamic";

// GET /api/v1/executions/:executionId - one run with its job, per-database outcomes and durations (history:read)
export const GET = withRoute({
  name: "executions.get",
  access: "history:read",
  summary: "Get one run with its per-database outcomes",
  params: ZExecutionParams,
  responses: { 200: { description: "The run", schema: ZExecutionResponse } },
  handler: async ({ params }) => {
    const execution = await getExecution(params.executionId);
    if (!execution) throw new AppError("NOT_FOUND", "That run does not exist.");
    return { execution };
  },
});
