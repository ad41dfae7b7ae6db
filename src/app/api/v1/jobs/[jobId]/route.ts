import { z } from "zod";
import { AppError } from "@/server/errors";
import { withRoute } from "@/server/http/route";
import { deleteJob } from "@/server/services/jobs/delete-job";
import { getJob } from "@/server/services/jobs/get-job";
import { ZJobDeleted, ZJobResponse } from "@/server/services/jobs/jobs.responses";
import { ZJobFields } from "@/server/services/jobs/jobs.schema";
import { updateJob } from "@/server/services/jobs/update-job";

export const dynamic = "force-dynamic";

const ZJobParams = z.object({ jobId: z.string().min(1).max(100) });

export const GET = withRoute({
  name: "jobs.get",
  access: "jobs:read",
  summary: "Get one job",
  params: ZJobParams,
  responses: { 200: { description: "The job", schema: ZJobResponse } },
  handler: async ({ params }) => {
    const job = await getJob(params.jobId);
    if (!job) throw new AppError("NOT_FOUND", "That job does not exist.");
    return { job };
  },
});

// A full replacement, like the edit form: fields left out take their defaults (drill: kept as is).
export const PUT = withRoute({
  name: "jobs.update",
  access: "jobs:write",
  summary: "Replace a job's settings (its slug, and so its backup keys, stays)",
  params: ZJobParams,
  body: ZJobFields,
  responses: { 200: { description: "The job as saved", schema: ZJobResponse }, 409: { description: "Another job has that name" } },
  handler: async ({ params, body, actor }) => ({ job: await updateJob({ data: { ...body, id: params.jobId }, actor }) }),
});

export const DELETE = withRoute({
  name: "jobs.delete",
  access: "jobs:write",
  summary: "Delete a job (its backups stay in storage)",
  params: ZJobParams,
  responses: { 200: { description: "Deleted", schema: ZJobDeleted }, 409: { description: "A run of the job is queued or running" } },
  handler: async ({ params, actor }) => deleteJob({ id: params.jobId, actor }),
});
