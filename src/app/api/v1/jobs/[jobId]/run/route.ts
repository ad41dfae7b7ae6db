import { z } from "zod";
import { withRoute } from "@/server/http/route";
import { startBackupRun } from "@/server/services/runs/start-backup-run";

export const dynamic = "force-dynamic";

// POST /api/v1/jobs/:jobId/run - start a backup of this job now (jobs:execute) → 202 { executionId }
export const POST = withRoute({
  name: "jobs.run",
  access: "jobs:execute",
  params: z.object({ jobId: z.string().min(1).max(100) }),
  handler: async ({ params, actor }) => {
    const { executionId } = await startBackupRun({ jobId: params.jobId, trigger: "api", actor });
    return Response.json({ executionId }, { status: 202, headers: { location: `/api/v1/executions/${executionId}` } });
  },
});
