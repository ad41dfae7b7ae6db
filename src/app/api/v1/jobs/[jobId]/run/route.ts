import { z } from "zod";
import { withRoute } from "@/server/http/route";
import { runBackupAndWait } from "@/server/services/runs/run-backup-and-wait";
import { ZExecutionStarted, ZRunEnded } from "@/server/services/runs/runs.responses";
import { startBackupRun } from "@/server/services/runs/start-backup-run";

export const dynamic = "force-dynamic";

const flag = z.enum(["true", "false", "1", "0"]).optional().transform((v) => v === "true" || v === "1");

// POST /api/v1/jobs/:jobId/run - start a backup of this job now (jobs:execute) → 202 { executionId }
//   ?wait=true[&timeout=<s>]: answer 200 { executionId, execution } once the run ended, or 202 with
//   Location when the timeout passed first (the run goes on; poll the Location).
export const POST = withRoute({
  name: "jobs.run",
  access: "jobs:execute",
  summary: "Start a backup now; optionally wait for it to end",
  description:
    "Without `wait`: 202 with the execution id and a Location to poll. With `wait=true`: 200 with the final execution when the run ended within `timeout` seconds (default 300, max 3600), else 202 as without `wait`. Check `execution.status` (Success, Partial, Failed, Cancelled).",
  params: z.object({ jobId: z.string().min(1).max(100) }),
  query: z.object({
    wait: flag,
    timeout: z.coerce.number().int().min(1).max(3600).default(300).describe("Seconds to wait when wait=true"),
  }),
  responses: {
    200: { description: "The run ended (wait=true); `execution.status` says how", schema: ZRunEnded },
    202: { description: "The run started (or is still running after the timeout); poll Location", schema: ZExecutionStarted },
    409: { description: "A run of this job is already running" },
  },
  handler: async ({ req, params, query, actor }) => {
    const started = (executionId: string) =>
      Response.json({ executionId }, { status: 202, headers: { location: `/api/v1/executions/${executionId}` } });
    if (!query.wait) return started((await startBackupRun({ jobId: params.jobId, trigger: "api", actor })).executionId);
    const r = await runBackupAndWait({ jobId: params.jobId, trigger: "api", actor, timeoutSeconds: query.timeout, signal: req.signal });
    return r.ended ? Response.json({ executionId: r.executionId, execution: r.execution }, { status: 200 }) : started(r.executionId);
  },
});
