"use server";
import { z } from "zod";
import { defineAction } from "@/server/http/action";
import { ZRetention } from "@/server/services/jobs/jobs.schema";
import { startDrillRun } from "@/server/services/drills/start-drill-run";
import { previewJobRetention } from "@/server/services/retention/preview-job-retention";

/** What a retention policy (the form's current one, or the saved one when absent) would keep of the job's backups now. Deletes nothing. */
export const previewRetentionAction = defineAction({
  name: "jobs.preview-retention",
  access: "jobs:read",
  schema: z.object({ id: z.string().min(1), retention: ZRetention.optional() }),
  handler: async ({ id, retention }) => previewJobRetention({ jobId: id, retention }),
});

/** Queues a restore drill of the job now (it waits for a restore slot). */
export const runDrillNowAction = defineAction({
  name: "jobs.drill",
  access: "jobs:execute",
  schema: z.object({ id: z.string().min(1) }),
  handler: async ({ id }, { actor }) => startDrillRun({ jobId: id, trigger: "manual", actor }),
});
