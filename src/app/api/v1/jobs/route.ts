import { withRoute } from "@/server/http/route";
import { createJob } from "@/server/services/jobs/create-job";
import { ZJobResponse, ZJobsResponse } from "@/server/services/jobs/jobs.responses";
import { ZJobFields } from "@/server/services/jobs/jobs.schema";
import { listJobs } from "@/server/services/jobs/list-jobs";

export const dynamic = "force-dynamic";

export const GET = withRoute({
  name: "jobs.list",
  access: "jobs:read",
  summary: "List jobs with their schedule, next run and latest backup run",
  responses: { 200: { description: "Every job, by name", schema: ZJobsResponse } },
  handler: async () => ({ jobs: await listJobs() }),
});

export const POST = withRoute({
  name: "jobs.create",
  access: "jobs:write",
  summary: "Create a job",
  body: ZJobFields,
  responses: { 201: { description: "The new job", schema: ZJobResponse }, 409: { description: "Another job has that name" } },
  handler: async ({ body, actor }) => ({ job: await createJob({ data: body, actor }) }),
});
