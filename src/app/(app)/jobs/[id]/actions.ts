"use server";
import { z } from "zod";
import { defineAction } from "@/server/http/action";
import { ZRetention } from "@/server/services/jobs/jobs.schema";
import { previewJobRetention } from "@/server/services/retention/preview-job-retention";

/** What a retention policy (the form's current one, or the saved one when absent) would keep of the job's backups now. Deletes nothing. */
export const previewRetentionAction = defineAction({
  name: "jobs.preview-retention",
  access: "jobs:read",
  schema: z.object({ id: z.string().min(1), retention: ZRetention.optional() }),
  handler: async ({ id, retention }) => previewJobRetention({ jobId: id, retention }),
});
