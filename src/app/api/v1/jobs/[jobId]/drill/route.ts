import { z } from "zod";
import { withRoute } from "@/server/http/route";
import { ZDrillStarted, ZJobDrills } from "@/server/services/drills/drills.responses";
import { getJobDrills } from "@/server/services/drills/get-job-drills";
import { startDrillRun } from "@/server/services/drills/start-drill-run";

export const dynamic = "force-dynamic";

const params = z.object({ jobId: z.string().min(1).max(100) });

// POST /api/v1/jobs/:jobId/drill - queue a restore drill of this job (jobs:execute) → 202 { executionId, queued }
export const POST = withRoute({
  name: "jobs.drill",
  access: "jobs:execute",
  summary: "Start a restore drill of this job now",
  params,
  responses: {
    202: { description: "The drill is queued (or one already was: queued false); poll the Location", schema: ZDrillStarted },
    412: { description: "Drills are off for this job, or it has no scratch target" },
  },
  handler: async ({ params, actor }) => {
    const r = await startDrillRun({ jobId: params.jobId, trigger: "api", actor });
    return Response.json(r, { status: 202, headers: { location: `/api/v1/executions/${r.executionId}` } });
  },
});

// GET /api/v1/jobs/:jobId/drill - the job's drill history and recovery objectives (jobs:read)
export const GET = withRoute({
  name: "jobs.drills",
  access: "jobs:read",
  summary: "List this job's restore drills",
  params,
  responses: {
    200: { description: "Recovery objectives, drill history (newest first) and the drill running now", schema: ZJobDrills },
    404: { description: "No such job" },
  },
  handler: async ({ params }) => Response.json(await getJobDrills(params.jobId)),
});
